import path from "node:path";

/**
 * Reporters for every workspace: the default console output, plus a JSON report per
 * workspace when `npm test` asks for one (TEST_RESULTS_DIR), which it sums at the end.
 */
export function reporters(workspace: string) {
  const dir = process.env.TEST_RESULTS_DIR;
  if (!dir) return { reporters: ["default"] };
  return {
    reporters: ["default", "json"],
    outputFile: { json: path.join(dir, `vitest-${workspace}.json`) },
  };
}

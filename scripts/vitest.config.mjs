import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { reporters } from "../vitest.shared.ts";

// The repository's own scripts (the test command's summing, say) are tested like a workspace.
export default defineConfig({
  test: {
    root: path.dirname(fileURLToPath(import.meta.url)),
    include: ["**/*.test.mjs"],
    ...reporters("scripts"),
  },
});

import fs from "node:fs";
import path from "node:path";
import { startApi } from "./api-server.js";
import {
  formatSummary,
  newestProfile,
  summarizeCpuProfile,
  type ProfileSummary,
} from "./cpu-profile.js";
import { RESULTS_DIR } from "./paths.js";
import type { ServerProcess } from "./server-process.js";
import { startNodeFlags } from "./start-flags.js";

/**
 * Runs `load` against a separate API started with `--cpu-prof` (the profiler slows it
 * down, so it is never one of the measured runs), then says where its main thread spent
 * the time. The profile stays in bench/results/profiles for a closer look.
 */
export async function profiledApi(
  label: string,
  options: { databaseUrl?: string; env?: Record<string, string> },
  load: (api: ServerProcess) => Promise<unknown>,
): Promise<ProfileSummary | undefined> {
  const dir = path.join(
    RESULTS_DIR,
    "profiles",
    `${label.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "")}-${Date.now()}`,
  );
  fs.mkdirSync(dir, { recursive: true });
  const api = await startApi({
    name: `api (profiled)`,
    ...options,
    nodeArgs: [...startNodeFlags(), "--cpu-prof", `--cpu-prof-dir=${dir}`],
  });
  try {
    await load(api);
  } finally {
    await api.stop();
  }
  const file = newestProfile(dir);
  if (!file) return undefined;
  const summary = summarizeCpuProfile(file);
  console.log(
    `  where the API's main thread spent its time on ${label} (${path.relative(process.cwd(), file)}):\n${formatSummary(summary)}`,
  );
  return summary;
}

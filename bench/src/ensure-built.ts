import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { API_ENTRY, BENCH_DIST, BENCH_ROOT } from "./paths.js";

/**
 * The servers run plain compiled JavaScript (never through tsx), so the API and the baseline
 * start the same way. `npm run bench` builds everything first; a direct run of this workspace
 * compiles the bench entries itself when they are missing or older than their sources.
 */
export function ensureBuilt(): void {
  if (!fs.existsSync(API_ENTRY)) {
    throw new Error(
      `${API_ENTRY} is missing: run \`npm run build\` (or \`npm run bench\`, which builds first)`,
    );
  }
  if (newest(path.join(BENCH_ROOT, "src")) > oldest(BENCH_DIST)) {
    const result = spawnSync(
      process.execPath,
      [tscBin(), "-p", path.join(BENCH_ROOT, "tsconfig.json")],
      { stdio: "inherit" },
    );
    if (result.status !== 0) throw new Error("compiling the bench entries failed");
  }
}

function tscBin(): string {
  return path.join(BENCH_ROOT, "..", "node_modules", "typescript", "bin", "tsc");
}

function newest(dir: string): number {
  let time = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      time = Math.max(time, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return time;
}

function oldest(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let time = Number.POSITIVE_INFINITY;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(".js"))
      time = Math.min(time, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return Number.isFinite(time) ? time : 0;
}

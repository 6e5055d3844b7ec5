import fs from "node:fs";

/** Removes the run's temporary folder: both servers' SQLite files, keys and storage state. */
export default function removeRunDir(): void {
  const runDir = process.env.E2E_RUN_DIR;
  if (runDir) fs.rmSync(runDir, { recursive: true, force: true });
}

import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

/**
 * The SQLite checkpoint helper's thread (started by sqlite-checkpointer.ts): its own
 * connection to the same file, a PASSIVE checkpoint (never waits for, never blocks, readers
 * or writers) every `pollMs`, at a lower priority, since copying pages and the fsyncs after
 * them are background work. Each checkpoint's outcome goes back to the main thread, which
 * logs failures and takes the checkpoints back when they keep failing.
 */
export interface CheckpointWorkerData {
  file: string;
  pollMs: number;
  /** Only for the tests of the failure path: run this statement instead of the checkpoint. */
  statement?: string;
}

export type CheckpointReport = { ok: true } | { ok: false; error: string };

const port = parentPort;
if (port === null) throw new Error("checkpoint-worker.ts runs as a worker thread only");
const data = workerData as CheckpointWorkerData;

try {
  os.setPriority(0, 10);
} catch {
  // Not permitted here: checkpoint at the normal priority.
}
const db = new Database(data.file, { fileMustExist: true });
db.pragma("busy_timeout = 0");
const checkpoint = data.statement ?? "pragma wal_checkpoint(PASSIVE)";

// Only changes are reported: each failure, and the first success after one.
let failing = false;
const timer = setInterval(() => {
  try {
    db.exec(checkpoint);
    if (failing) port.postMessage({ ok: true } satisfies CheckpointReport);
    failing = false;
  } catch (err) {
    failing = true;
    const error = err instanceof Error ? err.message : String(err);
    port.postMessage({ ok: false, error } satisfies CheckpointReport);
  }
}, data.pollMs);

port.on("message", () => {
  clearInterval(timer);
  db.close();
  port.close();
});

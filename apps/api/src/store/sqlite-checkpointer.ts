import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { Database as BetterSqlite } from "better-sqlite3";

/** SQLite's own default: the main connection checkpoints itself when the helper can't run. */
const CHECKPOINT_PAGES = 1000;
/** The main connection's own checkpoint, kept as a backstop should the helper fall behind. */
const BACKSTOP_PAGES = 10_000;
/** Changes written before the helper thread is started at all: most test apps never get there. */
const START_AFTER_CHANGES = 500;
const POLL_MS = 200;

/**
 * The helper's code, run as a script in its own thread: its own connection to the same file,
 * a PASSIVE checkpoint (never waits for, never blocks, readers or writers) every `pollMs`, and
 * its own lower priority: copying pages and the fsyncs after it are background work.
 */
const HELPER = `
const { workerData, parentPort } = require("node:worker_threads");
try { require("node:os").setPriority(0, 10); } catch {}
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("busy_timeout = 0");
const timer = setInterval(() => {
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch {}
}, workerData.pollMs);
parentPort.on("message", () => {
  clearInterval(timer);
  try { db.close(); } catch {}
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Not started yet (too little written), running, or gone (the main connection checkpoints). */
  readonly state: "waiting" | "running" | "failed";
  stop(): Promise<void>;
}

/**
 * Moves a file database's WAL checkpoints off the event loop. With SQLite's default, the
 * commit that takes the WAL past 1,000 pages copies them into the database file and fsyncs
 * it before it returns: a stall of several milliseconds, now and then, on the thread every
 * request waits for (up to 22 ms measured under a login storm). Here a helper thread with a
 * connection of its own checkpoints instead, and the main connection's automatic checkpoint
 * stays only as a backstop, ten times further out. The thread starts only once the database
 * has seen some writing: a quiet process never pays for it.
 */
export function checkpointOffThread(sqlite: BetterSqlite, file: string): Checkpointer {
  const changes = sqlite.prepare("select total_changes() as n").pluck();
  let worker: Worker | undefined;
  let exited: Promise<void> | undefined;
  let state: Checkpointer["state"] = "waiting";
  const start = () => {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    worker = new Worker(HELPER, {
      eval: true,
      workerData: { file, driver, pollMs: POLL_MS },
      resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    // Listened for from the start: a helper that died early has exited before anyone stops it.
    exited = new Promise((resolve) => worker!.once("exit", () => resolve()));
    worker.on("error", () => {
      // Without the helper, the main connection checkpoints as SQLite does by default.
      state = "failed";
      if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${CHECKPOINT_PAGES}`);
    });
    sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    state = "running";
  };
  const watch = setInterval(() => {
    if ((changes.get() as number) < START_AFTER_CHANGES) return;
    clearInterval(watch);
    start();
  }, POLL_MS);
  watch.unref();
  return {
    get state() {
      return state;
    },
    async stop() {
      clearInterval(watch);
      if (!worker) return;
      worker.postMessage("stop");
      await exited;
    },
  };
}

import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Database as BetterSqlite } from "better-sqlite3";
import type { Logger } from "pino";
import type { CheckpointReport, CheckpointWorkerData } from "./checkpoint-worker.js";

/** SQLite's own default: the main connection checkpoints itself when the helper can't run. */
const CHECKPOINT_PAGES = 1000;
/** The main connection's own checkpoint, kept as a backstop should the helper fall behind. */
const BACKSTOP_PAGES = 10_000;
/** Changes written before the helper thread is started at all: most test apps never get there. */
const START_AFTER_CHANGES = 500;
const POLL_MS = 200;
/** Checkpoints failed in a row before the main connection takes them back (a second's worth). */
const MAX_FAILURES = 5;

export interface Checkpointer {
  /** Not started yet (too little written), running, or gone (the main connection checkpoints). */
  readonly state: "waiting" | "running" | "failed";
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  logger?: Logger | undefined;
  /** Tests only: what the helper runs in place of its checkpoint (one that fails). */
  statement?: string;
}

/**
 * Moves a file database's WAL checkpoints off the event loop. With SQLite's default, the
 * commit that takes the WAL past 1,000 pages copies them into the database file and fsyncs
 * it before it returns: a stall of several milliseconds, now and then, on the thread every
 * request waits for (up to 22 ms measured under a login storm). Here a helper thread with a
 * connection of its own (checkpoint-worker.ts) checkpoints instead, and the main connection's
 * automatic checkpoint stays only as a backstop, ten times further out. The thread starts only
 * once the database has seen some writing: a quiet process never pays for it.
 *
 * A helper that cannot start, dies, or fails MAX_FAILURES checkpoints in a row is logged and
 * stopped, and the main connection checkpoints as SQLite does by default.
 */
export function checkpointOffThread(
  sqlite: BetterSqlite,
  file: string,
  options: CheckpointerOptions = {},
): Checkpointer {
  const { logger } = options;
  const changes = sqlite.prepare("select total_changes() as n").pluck();
  let worker: Worker | undefined;
  let exited: Promise<void> | undefined;
  let state: Checkpointer["state"] = "waiting";
  let failures = 0;
  const fallBack = (reason: string, err?: unknown) => {
    if (state === "failed") return;
    state = "failed";
    logger?.error(
      { err, file },
      `SQLite checkpoint helper ${reason}: the main connection checkpoints again`,
    );
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${CHECKPOINT_PAGES}`);
    worker?.postMessage("stop");
  };
  const start = () => {
    const data: CheckpointWorkerData = {
      file,
      pollMs: POLL_MS,
      ...(options.statement !== undefined ? { statement: options.statement } : {}),
    };
    worker = new Worker(workerEntry(), {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    // Listened for from the start: a helper that died early has exited before anyone stops it.
    exited = new Promise((resolve) => worker!.once("exit", () => resolve()));
    worker.on("error", (err) => fallBack("failed", err));
    worker.on("message", (report: CheckpointReport) => {
      if (state === "failed") return;
      if (report.ok) {
        failures = 0;
        return;
      }
      failures++;
      logger?.warn({ file, error: report.error, failures }, "SQLite checkpoint failed");
      if (failures >= MAX_FAILURES) fallBack(`failed ${failures} checkpoints in a row`);
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

/**
 * The helper's module beside this one: compiled JavaScript in a build. Run from source (the
 * tests, `npm run dev`), the TypeScript file is started behind tsx's loader, since a worker
 * thread does not inherit the loader its parent runs under.
 */
function workerEntry(): URL {
  if (!import.meta.url.endsWith(".ts")) return new URL("./checkpoint-worker.js", import.meta.url);
  // tsx's ESM entry sits beside the CommonJS one the resolver finds.
  const tsx = createRequire(import.meta.url)
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs");
  const entry = new URL("./checkpoint-worker.ts", import.meta.url).href;
  const start = `const { register } = await import(${JSON.stringify(pathToFileURL(tsx).href)});
register();
await import(${JSON.stringify(entry)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(start)}`);
}

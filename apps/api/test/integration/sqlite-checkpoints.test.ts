import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { sql } from "kysely";
import { waitUntil } from "@jwt-auth/test-support";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../src/store/database.js";
import { checkpointOffThread } from "../../src/runtime/sqlite-checkpointer.js";

const PAGE = 4096;

/**
 * Waits for `probe` to give a value that `ok` accepts, and returns it. Starting the helper
 * thread (from source, behind tsx's loader) takes seconds on a busy machine: 30 s at most.
 */
const until = <T>(what: string, probe: () => Promise<T> | T, ok: (value: T) => boolean) =>
  waitUntil(
    async () => {
      const value = await probe();
      return ok(value) ? { value } : undefined;
    },
    { what, timeoutMs: 30_000 },
  ).then((found) => found.value);

describe("SQLite's WAL checkpoints", () => {
  let dir: string;
  let handle: DatabaseHandle | undefined;

  afterEach(async () => {
    await handle?.close();
    handle = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const open = async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-"));
    const file = path.join(dir, "app.db");
    handle = await openDatabase(`sqlite:${file}`);
    await sql`create table filler (body blob not null)`.execute(handle.db);
    return file;
  };
  const autocheckpoint = async () =>
    (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(handle!.db))
      .rows[0]!.wal_autocheckpoint;

  it("are taken by a helper thread once the database is written to, not by the committing request", async () => {
    const file = await open();
    // A quiet database keeps SQLite's default: no helper thread is started for it.
    expect(await autocheckpoint()).toBe(1000);

    // Some writing (small rows, well under a checkpoint's worth) starts the helper, and the
    // main connection's own checkpoint moves out to a backstop.
    await sql`
      with recursive n(i) as (select 1 union all select i + 1 from n where i < 600)
      insert into filler (body) select zeroblob(8) from n`.execute(handle!.db);
    await until("the helper thread", autocheckpoint, (pages) => pages === 10_000);

    // A commit of 2,000 pages: past SQLite's default threshold of 1,000, under the backstop,
    // so the committing connection leaves them in the WAL and returns.
    await handle!.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 2_000; i++)
        await sql`insert into filler (body) values (randomblob(${PAGE}))`.execute(trx);
    });
    // The pages reach the database file all the same: the helper copied them there.
    const size = await until(
      "the database file to hold the pages",
      () => fs.statSync(file).size,
      (bytes) => bytes > 2_000 * PAGE,
    );
    expect(size).toBeGreaterThan(2_000 * PAGE);

    // Closing stops the helper and its connection: the last connection gone, SQLite removes
    // the WAL.
    await handle!.close();
    handle = undefined;
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it("when the helper cannot run, then the main connection checkpoints as SQLite does by default, and closing still works", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-"));
    const file = path.join(dir, "app.db");
    const sqlite = new Database(file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.exec("create table filler (body blob not null)");
    // The helper is pointed at a file that does not exist: its connection fails at once.
    const log = logLines();
    const checkpointer = checkpointOffThread(sqlite, path.join(dir, "gone", "app.db"), {
      logger: log.logger,
    });
    sqlite.exec(`
      with recursive n(i) as (select 1 union all select i + 1 from n where i < 600)
      insert into filler (body) select zeroblob(8) from n`);
    await until(
      "the helper to fail",
      () => checkpointer.state,
      (state) => state === "failed",
    );
    expect(sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    expect(log.lines()).toContainEqual(
      expect.objectContaining({ level: 50, msg: expect.stringMatching(/helper failed/) }),
    );
    await checkpointer.stop();
    sqlite.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it("when the helper's checkpoints keep failing, then each failure is logged and the main connection checkpoints again", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-"));
    const file = path.join(dir, "app.db");
    const sqlite = new Database(file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.exec("create table filler (body blob not null)");
    const log = logLines();
    // The helper starts on the real file, but what it runs fails every time.
    const checkpointer = checkpointOffThread(sqlite, file, {
      logger: log.logger,
      statement: "insert into no_such_table values (1)",
    });
    sqlite.exec(`
      with recursive n(i) as (select 1 union all select i + 1 from n where i < 600)
      insert into filler (body) select zeroblob(8) from n`);
    await until(
      "the helper to run",
      () => checkpointer.state,
      (state) => state === "running",
    );
    expect(sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(10_000);

    await until(
      "the helper to be given up",
      () => checkpointer.state,
      (state) => state === "failed",
    );
    expect(sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    const failures = log.lines().filter((line) => line.msg === "SQLite checkpoint failed");
    expect(failures.length).toBe(5);
    expect(failures[0]).toMatchObject({ level: 40, error: expect.stringMatching(/no_such_table/) });
    expect(log.lines()).toContainEqual(
      expect.objectContaining({ level: 50, msg: expect.stringMatching(/5 checkpoints in a row/) }),
    );
    await checkpointer.stop();
    sqlite.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });
});

/** A real pino logger whose lines are kept, parsed, for the test to read. */
function logLines() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: "debug" },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines: () => lines };
}

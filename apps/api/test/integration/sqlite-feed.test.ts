import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { sqliteFeed } from "../../src/store/revocation-feed.js";
import { holdsFor, waitFor } from "../postgres/wait-for.js";

// The server's watch on its SQLite file: what another process commits (the admin CLI)
// reloads the revocation list; what the server writes itself, or its checkpoints, do not.
describe("the SQLite feed's watch for another process's writes", () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  });

  function twoConnections() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-feed-"));
    const file = path.join(dir, "app.db");
    const server = new SqliteDatabase(file);
    server.pragma("journal_mode = WAL");
    server.exec("create table t (x integer)");
    const other = new SqliteDatabase(file);
    cleanups.push(() => {
      other.close();
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    return { server, other };
  }

  async function watching(server: SqliteDatabase.Database) {
    let reloads = 0;
    const feed = sqliteFeed(() => server.pragma("data_version", { simple: true }) as number, {
      everyMs: 10,
    });
    await feed.start({ onEvent: () => {}, onResync: async () => void reloads++ });
    cleanups.push(() => void feed.close());
    return { reloads: () => reloads };
  }

  it("when another connection commits, then the list is reloaded once", async () => {
    const { server, other } = twoConnections();
    const watch = await watching(server);
    other.prepare("insert into t values (1)").run();
    await waitFor(() => watch.reloads() === 1, { what: "a reload after the other write" });
    await holdsFor(() => watch.reloads() === 1, 100, "one reload for one write");
  });

  it("when the server writes, and its checkpoint helper checkpoints, then nothing is reloaded", async () => {
    const { server, other } = twoConnections();
    const watch = await watching(server);
    for (let i = 0; i < 20; i++) server.prepare("insert into t values (?)").run(i);
    // The helper runs on a connection of its own (runtime/checkpoint-worker.ts), PASSIVE.
    other.pragma("wal_checkpoint(PASSIVE)");
    await holdsFor(() => watch.reloads() === 0, 150, "no reload for the server's own writes");
  });

  it("when a reload fails, then it is tried again on the next look", async () => {
    const { server, other } = twoConnections();
    let attempts = 0;
    const errors: unknown[] = [];
    const feed = sqliteFeed(() => server.pragma("data_version", { simple: true }) as number, {
      everyMs: 10,
      onError: (err) => errors.push(err),
    });
    await feed.start({
      onEvent: () => {},
      onResync: async () => {
        attempts++;
        if (attempts === 1) throw new Error("store busy");
      },
    });
    cleanups.push(() => void feed.close());
    other.prepare("insert into t values (1)").run();
    await waitFor(() => attempts === 2, { what: "a second attempt after the failed reload" });
    expect(errors).toHaveLength(1);
    await holdsFor(() => attempts === 2, 100, "no more reloads once one succeeded");
  });
});

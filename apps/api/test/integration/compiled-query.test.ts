import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compileOnce } from "../../src/store/compiled-query.js";
import { transaction } from "../../src/store/transaction.js";
import { openDatabase, type DatabaseHandle } from "../../src/store/database.js";
import type { Database } from "../../src/store/schema.js";
import type { Kysely } from "kysely";

/**
 * Compiled queries on SQLite run on the connection at once when no transaction is open, and
 * queue behind Kysely's lock while one is: a read never sees another request's uncommitted
 * writes, which a statement run inside that open transaction would.
 */
describe("compileOnce on a SQLite store", () => {
  let dir: string;
  let handle: DatabaseHandle;
  let db: Kysely<Database>;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "compiled-"));
    handle = await openDatabase(`sqlite:${path.join(dir, "app.db")}`);
    db = handle.db;
  });

  afterEach(async () => {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const byId = () =>
    compileOnce<{ id: string; name: string }, [string]>((kysely) =>
      kysely.selectFrom("users").select(["id", "name"]).where("id", "=", ""),
    );
  const rename = () =>
    compileOnce<never, [string, string]>((kysely) =>
      kysely.updateTable("users").set({ name: "" }).where("id", "=", ""),
    );
  const insertUser = (kysely: Kysely<Database>, id: string) =>
    kysely
      .insertInto("users")
      .values({
        id,
        email: `${id}@example.com`,
        name: `user ${id}`,
        password_hash: "x",
        created_at: 1,
        updated_at: 1,
      })
      .execute();

  it("when run with values, then it reads and writes with them, and refuses a wrong count", async () => {
    await insertUser(db, "u1");
    await insertUser(db, "u2");
    const read = byId();
    expect((await read(db, "u2")).rows).toEqual([{ id: "u2", name: "user u2" }]);
    expect((await read(db, "nobody")).rows).toEqual([]);
    const changed = await rename()(db, "Ada", "u1");
    expect(changed.numAffectedRows).toBe(1n);
    expect((await read(db, "u1")).rows).toEqual([{ id: "u1", name: "Ada" }]);
    await expect(
      (read as (db: Kysely<Database>, ...v: string[]) => Promise<unknown>)(db, "a", "b"),
    ).rejects.toThrow(/takes 1 values, given 2/);
  });

  it("when another request's transaction is open, then a read waits for it and never sees what it rolled back", async () => {
    const read = byId();
    let during: Promise<{ rows: unknown[] }> | undefined;
    await expect(
      db.transaction().execute(async (trx) => {
        await insertUser(trx, "ghost");
        during = read(db, "ghost");
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await during!).rows).toEqual([]);
  });

  it("when another request's transaction commits, then a read made during it sees the commit", async () => {
    const read = byId();
    let settledBeforeCommit = false;
    let during: Promise<{ rows: unknown[] }> | undefined;
    await db.transaction().execute(async (trx) => {
      await insertUser(trx, "late");
      during = read(db, "late");
      void during.then(() => (settledBeforeCommit = true));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(settledBeforeCommit).toBe(false);
    });
    expect((await during!).rows).toEqual([{ id: "late", name: "user late" }]);
  });

  it("when run on the transaction itself, then it is part of it", async () => {
    const read = byId();
    await expect(
      db.transaction().execute(async (trx) => {
        await insertUser(trx, "inside");
        expect((await read(trx, "inside")).rows).toEqual([{ id: "inside", name: "user inside" }]);
        await rename()(trx, "Renamed", "inside");
        expect((await read(trx, "inside")).rows[0]).toEqual({ id: "inside", name: "Renamed" });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await read(db, "inside")).rows).toEqual([]);
  });

  it("when run inside a transaction the store opened, then it is part of it: rolled back with it, and unseen outside until the commit", async () => {
    const read = byId();
    let outside: Promise<{ rows: unknown[] }> | undefined;
    await expect(
      transaction(db, async (trx) => {
        await insertUser(trx, "inner");
        await rename()(trx, "Inner", "inner");
        expect((await read(trx, "inner")).rows).toEqual([{ id: "inner", name: "Inner" }]);
        outside = read(db, "inner");
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await outside!).rows).toEqual([]);
    expect((await read(db, "inner")).rows).toEqual([]);

    await transaction(db, async (trx) => {
      await insertUser(trx, "kept");
      await rename()(trx, "Kept", "kept");
    });
    expect((await read(db, "kept")).rows).toEqual([{ id: "kept", name: "Kept" }]);
  });

  it("when a transaction is opened on a transaction, then it joins it: one commit, one rollback", async () => {
    const read = byId();
    await expect(
      transaction(db, async (outer) => {
        await transaction(outer, async (inner) => {
          expect(inner).toBe(outer);
          await insertUser(inner, "joined");
        });
        expect((await read(outer, "joined")).rows).toEqual([{ id: "joined", name: "user joined" }]);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await read(db, "joined")).rows).toEqual([]);
  });

  it("when a transaction has ended, then a query on it no longer runs on the connection behind another's back", async () => {
    const read = byId();
    let stale: Kysely<Database> | undefined;
    await transaction(db, async (trx) => {
      stale = trx;
      await insertUser(trx, "after");
    });
    let during: Promise<unknown> | undefined;
    await expect(
      db.transaction().execute(async (trx) => {
        await rename()(trx, "Renamed", "after");
        during = read(stale!, "after").catch((error: unknown) => error);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    const seen = await during!;
    // Kysely refuses the finished transaction; the read never ran inside the other one.
    expect(seen).toBeInstanceOf(Error);
    expect((seen as Error).message).toMatch(/already committed/);
    expect((await read(db, "after")).rows).toEqual([{ id: "after", name: "user after" }]);
  });
});

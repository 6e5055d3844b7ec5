import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { openDatabase, type DatabaseHandle } from "../../src/store/database.js";
import type { Db } from "../../src/store/db.js";
import { prepared, type Params } from "../../src/store/prepared.js";
import { transaction } from "../../src/store/transaction.js";

/**
 * Prepared queries on SQLite run on the connection at once when no transaction is open, and
 * queue behind Kysely's lock while one is: a read never sees another request's uncommitted
 * writes, which a statement run inside that open transaction would.
 */
describe("prepared queries on a SQLite store", () => {
  let dir: string;
  let handle: DatabaseHandle;
  let db: Db;

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
    prepared((kysely, p: Params<{ id: string }>) =>
      kysely.selectFrom("users").select(["id", "name"]).where("id", "=", p("id")),
    );
  const rename = () =>
    prepared((kysely, p: Params<{ id: string; name: string }>) =>
      kysely
        .updateTable("users")
        .set({ name: p("name") })
        .where("id", "=", p("id")),
    );
  const insertUser = (kysely: Db, id: string) =>
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

  it("when run with named values, then it reads and writes with them, whatever order they are given in", async () => {
    await insertUser(db, "u1");
    await insertUser(db, "u2");
    const read = byId();
    const { rows } = await read(db, { id: "u2" });
    // The rows are typed by the query: a column it did not select is a type error.
    // @ts-expect-error email is not selected
    expect(rows[0]?.email).toBeUndefined();
    expect(rows).toEqual([{ id: "u2", name: "user u2" }]);
    expect((await read(db, { id: "nobody" })).rows).toEqual([]);
    // The SQL takes the name first and the id second; the object gives them the other way.
    const changed = await rename()(db, { id: "u1", name: "Ada" });
    expect(changed.numAffectedRows).toBe(1n);
    expect((await read(db, { id: "u1" })).rows).toEqual([{ id: "u1", name: "Ada" }]);
    expect((await read(db, { id: "u2" })).rows).toEqual([{ id: "u2", name: "user u2" }]);
  });

  it("when a name is used twice, then both places take its one value", async () => {
    await insertUser(db, "twice");
    await insertUser(db, "other");
    const sameNameAndId = prepared((kysely, p: Params<{ both: string }>) =>
      kysely
        .selectFrom("users")
        .select("id")
        .where("id", "=", p("both"))
        .where("name", "!=", p("both")),
    );
    expect((await sameNameAndId(db, { both: "twice" })).rows).toEqual([{ id: "twice" }]);
    await rename()(db, { id: "other", name: "other" });
    expect((await sameNameAndId(db, { both: "other" })).rows).toEqual([]);
  });

  it("when a value is missing or extra at the first run, then it throws, naming them, and keeps nothing compiled", async () => {
    const read = byId();
    const loose = read as (db: Db, values: object) => Promise<unknown>;
    await expect(loose(db, {})).rejects.toThrow(/no value given for id$/);
    await expect(loose(db, { id: "u1", email: "x" })).rejects.toThrow(
      /given email, which the SQL does not take$/,
    );
    await expect(loose(db, { ident: "u1" })).rejects.toThrow(
      /no value given for id; given ident, which the SQL does not take$/,
    );
    await insertUser(db, "u1");
    expect((await read(db, { id: "u1" })).rows).toEqual([{ id: "u1", name: "user u1" }]);
    // The compiler says so too, and a missing value is refused at every run.
    // @ts-expect-error id is missing
    await expect(read(db, {})).rejects.toThrow(/no value given for id$/);
    prepared((kysely, p: Params<{ id: string }>) =>
      // @ts-expect-error a builder can only name the values it declares
      kysely.selectFrom("users").select("id").where("email", "=", p("email")),
    );
  });

  it("when the builder names a value the SQL then leaves out, then its first run throws", async () => {
    const lost = prepared((kysely, p: Params<{ id: string; name: string }>) => {
      void p("name");
      return kysely.selectFrom("users").select("id").where("id", "=", p("id"));
    });
    await expect(lost(db, { id: "u1", name: "Ada" })).rejects.toThrow(
      /given name, which the SQL does not take/,
    );
  });

  it("when the SQL binds a value that is not a placeholder, then its first run throws, and a constant goes into the SQL instead", async () => {
    const bound = prepared((kysely, p: Params<{ id: string }>) =>
      kysely.selectFrom("users").select("id").where("id", "=", p("id")).where("name", "!=", "x"),
    );
    await expect(bound(db, { id: "u1" })).rejects.toThrow(
      /parameter 2 is a value, not a p\("name"\)/,
    );
    const literal = prepared((kysely, p: Params<{ id: string }>) =>
      kysely
        .selectFrom("users")
        .select("id")
        .where("id", "=", p("id"))
        .where("name", "!=", sql.lit("x")),
    );
    await insertUser(db, "u1");
    expect((await literal(db, { id: "u1" })).rows).toEqual([{ id: "u1" }]);
  });

  it("when another request's transaction is open, then a read waits for it and never sees what it rolled back", async () => {
    const read = byId();
    let during: Promise<{ rows: unknown[] }> | undefined;
    await expect(
      db.transaction().execute(async (trx) => {
        await insertUser(trx, "ghost");
        during = read(db, { id: "ghost" });
        // The transaction goes on with its own work: a read that had slipped past the lock
        // would have run at once, on this connection, and seen the uncommitted row.
        await trx.selectFrom("users").select("id").execute();
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
      during = read(db, { id: "late" });
      void during.then(() => (settledBeforeCommit = true));
      // A statement of the transaction's own, awaited: time enough for a read that did not
      // wait for the commit to have settled.
      await trx.selectFrom("users").select("id").execute();
      expect(settledBeforeCommit).toBe(false);
    });
    expect((await during!).rows).toEqual([{ id: "late", name: "user late" }]);
  });

  it("when run on the transaction itself, then it is part of it", async () => {
    const read = byId();
    await expect(
      db.transaction().execute(async (trx) => {
        await insertUser(trx, "inside");
        expect((await read(trx, { id: "inside" })).rows).toEqual([
          { id: "inside", name: "user inside" },
        ]);
        await rename()(trx, { id: "inside", name: "Renamed" });
        expect((await read(trx, { id: "inside" })).rows[0]).toEqual({
          id: "inside",
          name: "Renamed",
        });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await read(db, { id: "inside" })).rows).toEqual([]);
  });

  it("when run inside a transaction the store opened, then it is part of it: rolled back with it, and unseen outside until the commit", async () => {
    const read = byId();
    let outside: Promise<{ rows: unknown[] }> | undefined;
    await expect(
      transaction(db, async (trx) => {
        await insertUser(trx, "inner");
        await rename()(trx, { id: "inner", name: "Inner" });
        expect((await read(trx, { id: "inner" })).rows).toEqual([{ id: "inner", name: "Inner" }]);
        outside = read(db, { id: "inner" });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await outside!).rows).toEqual([]);
    expect((await read(db, { id: "inner" })).rows).toEqual([]);

    await transaction(db, async (trx) => {
      await insertUser(trx, "kept");
      await rename()(trx, { id: "kept", name: "Kept" });
    });
    expect((await read(db, { id: "kept" })).rows).toEqual([{ id: "kept", name: "Kept" }]);
  });

  it("when a transaction is opened on a transaction, then it joins it: one commit, one rollback", async () => {
    const read = byId();
    await expect(
      transaction(db, async (outer) => {
        await transaction(outer, async (inner) => {
          expect(inner).toBe(outer);
          await insertUser(inner, "joined");
        });
        expect((await read(outer, { id: "joined" })).rows).toEqual([
          { id: "joined", name: "user joined" },
        ]);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await read(db, { id: "joined" })).rows).toEqual([]);
  });

  it("when a transaction has ended, then a query on it no longer runs on the connection behind another's back", async () => {
    const read = byId();
    let stale: Db | undefined;
    await transaction(db, async (trx) => {
      stale = trx;
      await insertUser(trx, "after");
    });
    let during: Promise<unknown> | undefined;
    await expect(
      db.transaction().execute(async (trx) => {
        await rename()(trx, { id: "after", name: "Renamed" });
        during = read(stale!, { id: "after" }).catch((error: unknown) => error);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    const seen = await during!;
    // Kysely refuses the finished transaction; the read never ran inside the other one.
    expect(seen).toBeInstanceOf(Error);
    expect((seen as Error).message).toMatch(/already committed/);
    expect((await read(db, { id: "after" })).rows).toEqual([{ id: "after", name: "user after" }]);
  });
});

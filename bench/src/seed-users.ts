import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { createPasswordHasher } from "@jwt-auth/api/password-hasher";
import { openDatabase } from "@jwt-auth/api/database";
import type { Database as Schema } from "@jwt-auth/api/schema";
import { BENCH_PASSWORD } from "./api-server.js";
import { onCleanup } from "./cleanup.js";
import { CACHE_DIR } from "./paths.js";
import { seedRows, USABLE_FOR, type TableRows } from "./seed-rows.js";

export { passwordOnlyUser, SEED_MIX, seededEmail } from "./seed-rows.js";

/**
 * Stores with many users, filled fast: every user gets the same argon2id hash of
 * BENCH_PASSWORD (hashed once), so filling costs inserts, not hashing. User i has the email
 * `user<i>@scale.bench`, and what the account features leave behind (sessions, the security
 * log, second factors), by the same rule in both dialects (seed-rows.ts builds the rows).
 * They go in through Kysely, ROWS_PER_INSERT to a statement, in one transaction. SQLite
 * stores are kept in bench/.cache and reused by later runs (each run works on a copy);
 * PostgreSQL gets a schema of its own, dropped afterwards.
 */

/** Raised whenever the schema or the mix changes: a store seeded before is seeded again. */
const SEED_VERSION = 3;
const ROWS_PER_INSERT = 500;
/** The tables filled besides `users`; their secondary indexes are built after the rows are in. */
const FEATURE_TABLES: ReadonlyArray<keyof Schema> = [
  "sessions",
  "refresh_tokens",
  "activity_events",
  "totp_factors",
  "backup_codes",
  "passkeys",
  "identities",
  "session_tombstones",
];

let passwordHash: Promise<string> | undefined;
async function sharedHash(): Promise<string> {
  passwordHash ??= createPasswordHasher().then((h) => h.hash(BENCH_PASSWORD));
  return passwordHash;
}

/** Argon2id parameters as the hash states them (`m=19456,t=2,p=1`): a cache built with others is stale. */
const hashParams = (hash: string) => hash.split("$")[3] ?? "";

interface CacheMeta {
  version: number;
  count: number;
  params: string;
  seededAt: number;
}

/**
 * Rows a benchmark run adds to a seeded store (logins start sessions, refresh tokens and
 * events; other routes may add the rest), found by time: every seeded row is older than the
 * moment the store was filled, every row a run writes is newer.
 */
const RUN_WRITES = [
  runWrite("refresh_tokens", "created_at"),
  runWrite("activity_events", "at"),
  runWrite("session_tombstones", "revoked_at"),
  runWrite("mfa_tokens", "created_at"),
  runWrite("link_tokens", "created_at"),
  runWrite("outbox", "created_at"),
  runWrite("sessions", "created_at"),
];

function runWrite<T extends keyof Schema>(table: T, column: keyof Schema[T] & string) {
  return { table, column };
}

/**
 * A seeded SQLite store. By default a copy of the cached one, for the run to change at will.
 * `inPlace` hands out the cache itself (a million users is 6 GB: copying it took 30 s), and
 * takes out what the run wrote when the run ends, and before it starts (a killed run).
 */
export async function seededSqlite(
  count: number,
  options: { inPlace?: boolean } = {},
): Promise<string> {
  const hash = await sharedHash();
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const file = path.join(CACHE_DIR, `users-${count}-v${SEED_VERSION}.db`);
  const metaFile = `${file}.meta`;
  const meta = readMeta(metaFile);
  if (!(
    fs.existsSync(file) &&
    meta?.version === SEED_VERSION &&
    meta.count === count &&
    meta.params === hashParams(hash) &&
    Date.now() < meta.seededAt + USABLE_FOR
  )) {
    const began = performance.now();
    const seededAt = Date.now();
    await buildSqlite(file, count, hash, seededAt);
    const fresh: CacheMeta = { version: SEED_VERSION, count, params: hashParams(hash), seededAt };
    fs.writeFileSync(metaFile, JSON.stringify(fresh));
    console.log(
      `  seeded ${count.toLocaleString("en")} users and their rows into ${path.relative(process.cwd(), file)} in ${seconds(began)} s`,
    );
  }
  if (options.inPlace) {
    const { seededAt } = readMeta(metaFile)!;
    forgetSqliteRunWrites(file, seededAt);
    onCleanup(() => forgetSqliteRunWrites(file, seededAt));
    return file;
  }
  // Each run gets its own copy: logins add sessions, and the cache must stay as seeded.
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-bench-store-")), "app.db");
  onCleanup(() => fs.rmSync(path.dirname(copy), { recursive: true, force: true }));
  fs.copyFileSync(file, copy, fs.constants.COPYFILE_FICLONE);
  return copy;
}

function forgetSqliteRunWrites(file: string, seededAt: number): void {
  const db = new Database(file);
  try {
    db.transaction(() => {
      for (const { table, column } of RUN_WRITES)
        db.prepare(`DELETE FROM ${table} WHERE ${column} > ?`).run(seededAt);
    })();
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

function readMeta(file: string): CacheMeta | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as CacheMeta;
  } catch {
    return undefined;
  }
}

async function buildSqlite(file: string, count: number, hash: string, seededAt: number) {
  const building = `${file}.building`;
  for (const f of [building, `${building}-wal`, `${building}-shm`]) fs.rmSync(f, { force: true });
  // The API's own migrations create the tables, so the store is exactly what it expects.
  await (await openDatabase(`sqlite:${building}`)).close();
  const sqlite = new Database(building);
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    // Nothing else reads this file while it is filled: no journal, no fsync, a big page cache
    // (better-sqlite3's defensive mode refuses journal_mode = OFF; unsafe mode allows it).
    sqlite.unsafeMode(true);
    sqlite.pragma("journal_mode = OFF");
    sqlite.pragma("synchronous = OFF");
    sqlite.pragma("cache_size = -524288");
    // Secondary indexes are dropped and built again at the end: one sort per index instead
    // of millions of inserts at random places (the rows go in by time, not by user).
    const indexes = sqlite
      .prepare<[], { sql: string; name: string }>(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
         AND tbl_name IN (${FEATURE_TABLES.map((t) => `'${t}'`).join(", ")})`,
      )
      .all();
    for (const { name } of indexes) sqlite.exec(`DROP INDEX "${name}"`);
    await db.transaction().execute(async (trx) => {
      for (const table of seedRows(count, hash, seededAt)) await insertAll(trx, table);
    });
    for (const { sql } of indexes) sqlite.exec(sql);
    sqlite.pragma("journal_mode = WAL");
  } finally {
    // Kysely closes the file it opened a connection on; not if it never did.
    await db.destroy();
    if (sqlite.open) sqlite.close();
  }
  fs.renameSync(building, file);
}

/** Multi-row inserts of ROWS_PER_INSERT rows each, the statements Kysely builds for them. */
async function insertAll(db: Kysely<Schema>, { table, rows }: TableRows): Promise<void> {
  let batch: unknown[] = [];
  // The rows were checked against their table's type where they were built; Kysely cannot
  // follow which table of the union they belong to.
  const flush = () =>
    db
      .insertInto(table)
      .values(batch as never)
      .execute();
  for (const row of rows) {
    batch.push(row);
    if (batch.length === ROWS_PER_INSERT) {
      await flush();
      batch = [];
    }
  }
  if (batch.length > 0) await flush();
}

export interface PostgresStore {
  url: string;
  drop(): Promise<void>;
}

export const POSTGRES_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/test";
const SCHEMA_PREFIX = "jwt_auth_bench_";
/** Kept between runs (not a run's own schema, so the abandoned-schema sweep leaves it). */
const CACHED_SCHEMA_PREFIX = "jwt_auth_seeded_";

/** A schema of its own in the PostgreSQL database, migrated by the API and filled as SQLite is. */
export async function seededPostgres(
  count: number,
  options: { cached?: boolean } = {},
): Promise<PostgresStore> {
  const hash = await sharedHash();
  if (options.cached) return cachedPostgres(count, hash);
  const schema = `${SCHEMA_PREFIX}${process.pid}_${count}`;
  const url = withSearchPath(POSTGRES_URL, schema);
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  };
  const undo = onCleanup(drop);
  try {
    await dropAbandonedSchemas(admin);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`CREATE SCHEMA ${schema}`);
    await (await openDatabase(url)).close();
    const began = performance.now();
    await fillPostgres(url, schema, count, hash, Date.now());
    console.log(
      `  seeded ${count.toLocaleString("en")} users and their rows into PostgreSQL schema ${schema} in ${seconds(began)} s`,
    );
  } catch (err) {
    await drop();
    undo();
    throw err;
  } finally {
    await admin.end();
  }
  return {
    url,
    async drop() {
      await drop();
      undo();
    },
  };
}

/**
 * Like the SQLite cache: a schema filled once and kept (`jwt_auth_seeded_v<version>_<count>`,
 * with a `seed_meta` row saying when and with which hash), refilled when stale like the
 * SQLite cache; each run takes out what it wrote, before and after. A million users with
 * their rows take minutes to fill on two cores, too long to pay on every run.
 */
async function cachedPostgres(count: number, hash: string): Promise<PostgresStore> {
  const schema = `${CACHED_SCHEMA_PREFIX}v${SEED_VERSION}_${count}`;
  const url = withSearchPath(POSTGRES_URL, schema);
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  let seededAt: number;
  try {
    const meta = await admin
      .query<{ count: string; params: string; seeded_at: string }>(
        `SELECT count, params, seeded_at FROM ${schema}.seed_meta`,
      )
      .then((r) => r.rows[0])
      .catch(() => undefined);
    if (
      meta &&
      Number(meta.count) === count &&
      meta.params === hashParams(hash) &&
      Date.now() < Number(meta.seeded_at) + USABLE_FOR
    ) {
      seededAt = Number(meta.seeded_at);
    } else {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.query(`CREATE SCHEMA ${schema}`);
      await (await openDatabase(url)).close();
      const began = performance.now();
      seededAt = Date.now();
      await fillPostgres(url, schema, count, hash, seededAt);
      await admin.query(
        `CREATE TABLE ${schema}.seed_meta (count bigint, params text, seeded_at bigint)`,
      );
      await admin.query(`INSERT INTO ${schema}.seed_meta VALUES ($1, $2, $3)`, [
        count,
        hashParams(hash),
        seededAt,
      ]);
      console.log(
        `  seeded ${count.toLocaleString("en")} users and their rows into PostgreSQL schema ${schema} (kept for later runs) in ${seconds(began)} s`,
      );
    }
  } finally {
    await admin.end();
  }
  const forget = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const { table, column } of RUN_WRITES)
        await client.query(`DELETE FROM ${table} WHERE ${column} > $1`, [seededAt]);
    } finally {
      await client.end();
    }
  };
  await forget();
  const undo = onCleanup(forget);
  return {
    url,
    async drop() {
      undo();
      await forget();
    },
  };
}

/**
 * The same rows as the SQLite store, through Kysely on one connection to the schema (`url`
 * names it in its search_path), with the secondary indexes built after the rows.
 */
async function fillPostgres(
  url: string,
  schema: string,
  n: number,
  hash: string,
  seededAt: number,
): Promise<void> {
  // An empty store (the revocation cases make their own users) has nothing to fill.
  if (n === 0) return;
  const db = new Kysely<Schema>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
  });
  try {
    // One connection throughout: the settings below are the session's.
    await db.connection().execute(async (conn) => {
      await sql`SET synchronous_commit TO off`.execute(conn);
      await sql`SET maintenance_work_mem TO '256MB'`.execute(conn);
      // Foreign keys are known to hold (every user_id is one just inserted): skipping their
      // per-row checks needs a superuser, and without one they are simply checked.
      await sql`SET session_replication_role TO replica`.execute(conn).catch(() => {});
      const { rows: indexes } = await sql<{ indexname: string; indexdef: string }>`
        SELECT indexname, indexdef FROM pg_indexes i
        WHERE schemaname = ${schema} AND tablename = ANY(${FEATURE_TABLES})
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                          WHERE c.conname = i.indexname AND c.connamespace = ${schema}::regnamespace)`.execute(
        conn,
      );
      for (const { indexname } of indexes)
        await sql`DROP INDEX ${sql.id(schema, indexname)}`.execute(conn);
      await conn.transaction().execute(async (trx) => {
        for (const table of seedRows(n, hash, seededAt)) await insertAll(trx, table);
      });
      for (const { indexdef } of indexes) await sql.raw(indexdef).execute(conn);
      await sql`RESET session_replication_role`.execute(conn).catch(() => {});
      // A store that has been live a while has been vacuumed by autovacuum: its visibility map
      // is set, so index-only scans (the activity page) stay in the index. A fresh bulk load
      // has none.
      const tables = ["users", ...FEATURE_TABLES].map((table) => sql.table(table));
      await sql`VACUUM (ANALYZE) ${sql.join(tables)}`.execute(conn);
    });
  } finally {
    await db.destroy();
  }
}

export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("options", `-c search_path=${schema}`);
  return parsed.toString();
}

/** Schemas left by a run that was killed before it could drop them (its process is gone). */
async function dropAbandonedSchemas(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ nspname: string }>(
    "SELECT nspname FROM pg_namespace WHERE nspname LIKE $1",
    [`${SCHEMA_PREFIX}%`],
  );
  for (const { nspname } of rows) {
    const pid = Number(nspname.slice(SCHEMA_PREFIX.length).split("_")[0]);
    if (pid !== process.pid && !isAlive(pid))
      await client.query(`DROP SCHEMA IF EXISTS ${nspname} CASCADE`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether PostgreSQL answers at all; the PostgreSQL half of the scale case is skipped when not. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

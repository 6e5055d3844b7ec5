import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { createPasswordHasher } from "@jwt-auth/api/dist/auth/password-hasher.js";
import { openDatabase } from "@jwt-auth/api/dist/store/database.js";
import { BENCH_PASSWORD } from "./api-server.js";
import { onCleanup } from "./cleanup.js";
import { CACHE_DIR } from "./paths.js";

/**
 * Stores with many users, filled fast: every user gets the same argon2id hash of
 * BENCH_PASSWORD (hashed once), so filling costs inserts, not hashing. User i has the email
 * `user<i>@scale.bench`. SQLite stores are kept in bench/.cache and reused by later runs
 * (each run works on a copy); PostgreSQL gets a schema of its own, dropped afterwards.
 */
export const seededEmail = (i: number) => `user${i}@scale.bench`;

const SEED_VERSION = 1;
const CREATED_AT = Date.UTC(2025, 0, 1);
const ROWS_PER_INSERT = 500;

let passwordHash: Promise<string> | undefined;
async function sharedHash(): Promise<string> {
  passwordHash ??= createPasswordHasher().then((h) => h.hash(BENCH_PASSWORD));
  return passwordHash;
}

/** Argon2id parameters as the hash states them (`m=19456,t=2,p=1`): a cache built with others is stale. */
const hashParams = (hash: string) => hash.split("$")[3] ?? "";

export async function seededSqlite(count: number): Promise<string> {
  const hash = await sharedHash();
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const file = path.join(CACHE_DIR, `users-${count}.db`);
  const metaFile = `${file}.meta`;
  const meta = readMeta(metaFile);
  if (!(
    fs.existsSync(file) &&
    meta?.version === SEED_VERSION &&
    meta.count === count &&
    meta.params === hashParams(hash)
  )) {
    const began = performance.now();
    await buildSqlite(file, count, hash);
    fs.writeFileSync(
      metaFile,
      JSON.stringify({ version: SEED_VERSION, count, params: hashParams(hash) }),
    );
    console.log(
      `  seeded ${count.toLocaleString("en")} users into ${path.relative(process.cwd(), file)} in ${((performance.now() - began) / 1000).toFixed(1)} s`,
    );
  }
  // Each run gets its own copy: logins add sessions, and the cache must stay as seeded.
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-bench-store-")), "app.db");
  onCleanup(() => fs.rmSync(path.dirname(copy), { recursive: true, force: true }));
  fs.copyFileSync(file, copy, fs.constants.COPYFILE_FICLONE);
  return copy;
}

function readMeta(file: string): { version: number; count: number; params: string } | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as {
      version: number;
      count: number;
      params: string;
    };
  } catch {
    return undefined;
  }
}

async function buildSqlite(file: string, count: number, hash: string): Promise<void> {
  const building = `${file}.building`;
  for (const f of [building, `${building}-wal`, `${building}-shm`]) fs.rmSync(f, { force: true });
  // The API's own migrations create the tables, so the store is exactly what it expects.
  await (await openDatabase(`sqlite:${building}`)).close();
  const db = new Database(building);
  try {
    // Nothing else reads this file while it is filled: no journal, no fsync, a big page cache.
    db.pragma("journal_mode = OFF");
    db.pragma("synchronous = OFF");
    db.pragma("cache_size = -262144");
    const statement = (rows: number) =>
      db.prepare(
        `INSERT INTO users (id, email, name, password_hash, created_at, updated_at) VALUES ${Array(rows).fill("(?, ?, ?, ?, ?, ?)").join(", ")}`,
      );
    const full = statement(ROWS_PER_INSERT);
    const fill = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i += ROWS_PER_INSERT) {
        const rows = Math.min(ROWS_PER_INSERT, to - i);
        const params: unknown[] = [];
        for (let j = i; j < i + rows; j++)
          params.push(
            crypto.randomUUID(),
            seededEmail(j),
            `User ${j}`,
            hash,
            CREATED_AT + j,
            CREATED_AT + j,
          );
        (rows === ROWS_PER_INSERT ? full : statement(rows)).run(params);
      }
    });
    for (let from = 0; from < count; from += 100_000) fill(from, Math.min(count, from + 100_000));
    db.pragma("journal_mode = WAL");
  } finally {
    db.close();
  }
  fs.renameSync(building, file);
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

/**
 * A schema of its own in the PostgreSQL database, migrated by the API and filled by one
 * INSERT … SELECT over generate_series: the server builds the rows itself, which beats
 * shipping a million rows over the socket (COPY or multi-row inserts).
 */
export async function seededPostgres(count: number): Promise<PostgresStore> {
  const hash = await sharedHash();
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
    await admin.query(`SET search_path TO ${schema}`);
    await admin.query("SET synchronous_commit TO off");
    await admin.query(
      `INSERT INTO users (id, email, name, password_hash, created_at, updated_at)
       SELECT gen_random_uuid()::text, 'user' || i || '@scale.bench', 'User ' || i, $1, $2::bigint + i, $2::bigint + i
       FROM generate_series(0, $3::int - 1) AS i`,
      [hash, CREATED_AT, count],
    );
    await admin.query("ANALYZE users");
    console.log(
      `  seeded ${count.toLocaleString("en")} users into PostgreSQL schema ${schema} in ${((performance.now() - began) / 1000).toFixed(1)} s`,
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

function withSearchPath(url: string, schema: string): string {
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

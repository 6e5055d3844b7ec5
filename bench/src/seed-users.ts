import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { createPasswordHasher } from "@jwt-auth/api/password-hasher";
import { openDatabase } from "@jwt-auth/api/database";
import { BENCH_PASSWORD } from "./api-server.js";
import { onCleanup } from "./cleanup.js";
import { CACHE_DIR } from "./paths.js";

/**
 * Stores with many users, filled fast: every user gets the same argon2id hash of
 * BENCH_PASSWORD (hashed once), so filling costs inserts, not hashing. User i has the email
 * `user<i>@scale.bench`, and what the account features leave behind (sessions, the security
 * log, second factors), by the same rule in both dialects (see MIX). SQLite stores are kept
 * in bench/.cache and reused by later runs (each run works on a copy); PostgreSQL gets a
 * schema of its own, dropped afterwards.
 */
export const seededEmail = (i: number) => `user${i}@scale.bench`;

/** Raised whenever the schema or the mix changes: a store seeded before is seeded again. */
const SEED_VERSION = 3;
const CREATED_AT = Date.UTC(2025, 0, 1);
const ROWS_PER_INSERT = 500;
const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * What user i has besides the account, decided by i alone, so a thousand users and a
 * million, SQLite and PostgreSQL, hold the same mix: 1 to 5 live sessions (3 on average),
 * each with its current refresh token; 5 to 15 events in the security log (10 on average);
 * TOTP on (with 10 backup codes) for every 10th user, a passkey for every 20th, a linked
 * provider identity for every 25th; every 10th email not yet verified; and the session
 * tombstones of one deleted account per 1,000 users.
 */
const MIX = {
  sessions: { min: 1, spread: 5 },
  events: { min: 5, spread: 11 },
  totp: { every: 10, at: 3 },
  backupCodes: 10,
  passkey: { every: 20, at: 11 },
  identity: { every: 25, at: 7 },
  unverified: { every: 10, at: 9 },
  usersPerTombstone: 1000,
} as const;
const TOMBSTONES_PER_ACCOUNT = 3;

/**
 * User i, or its neighbour when user i has TOTP on (their password login answers
 * `mfaRequired` rather than a session): the user a password-only login should use.
 */
export function passwordOnlyUser(i: number): number {
  return i % MIX.totp.every === MIX.totp.at ? i + 1 : i;
}

/** The mix on average per user, for the results file. */
export const SEED_MIX = {
  sessions: MIX.sessions.min + (MIX.sessions.spread - 1) / 2,
  activityEvents: MIX.events.min + (MIX.events.spread - 1) / 2,
  totpShare: 1 / MIX.totp.every,
  backupCodesPerTotp: MIX.backupCodes,
  passkeyShare: 1 / MIX.passkey.every,
  identityShare: 1 / MIX.identity.every,
};
const MAX_SESSIONS = MIX.sessions.min + MIX.sessions.spread - 1;
const MAX_EVENTS = MIX.events.min + MIX.events.spread - 1;

/**
 * When: sessions were created over the two days before the store was filled and live for
 * the API's default REFRESH_TOKEN_TTL (7 days); events are spread over sixty days, inside
 * the default 90-day ACTIVITY_RETENTION. So the seeded sessions stay live for five days: a
 * cached store is filled again a day before that.
 */
const SESSIONS_SPAN = 2 * DAY;
const SESSION_TTL = 7 * DAY;
const EVENTS_SPAN = 60 * DAY;
const USABLE_FOR = SESSION_TTL - SESSIONS_SPAN - DAY;

const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
];
/** Mostly sign-ins, as a real log is; the k-th event of user i is EVENT_TYPES[(7i + k) % length]. */
const EVENT_TYPES = [
  "login_succeeded",
  "login_succeeded",
  "login_succeeded",
  "login_succeeded",
  "login_succeeded",
  "login_failed",
  "login_failed",
  "reauthenticated",
  "session_revoked",
  "password_changed",
  "password_reset_requested",
  "email_verified",
];
const IDENTITY_ISSUER = "https://accounts.google.com";

/** The tables filled besides `users`; their secondary indexes are built after the rows are in. */
const FEATURE_TABLES = [
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
const RUN_WRITES: ReadonlyArray<{ table: string; column: string }> = [
  { table: "refresh_tokens", column: "created_at" },
  { table: "activity_events", column: "at" },
  { table: "session_tombstones", column: "revoked_at" },
  { table: "mfa_tokens", column: "created_at" },
  { table: "link_tokens", column: "created_at" },
  { table: "outbox", column: "created_at" },
  { table: "sessions", column: "created_at" },
];

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
  const db = new Database(building);
  try {
    // Nothing else reads this file while it is filled: no journal, no fsync, a big page cache
    // (better-sqlite3's defensive mode refuses journal_mode = OFF; unsafe mode allows it).
    db.unsafeMode(true);
    db.pragma("journal_mode = OFF");
    db.pragma("synchronous = OFF");
    db.pragma("cache_size = -524288");
    // Secondary indexes are dropped and built again at the end: one sort per index instead
    // of millions of inserts at random places (the rows go in by time, not by user).
    const indexes = db
      .prepare<[], { sql: string; name: string }>(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
         AND tbl_name IN (${FEATURE_TABLES.map((t) => `'${t}'`).join(", ")})`,
      )
      .all();
    for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
    db.transaction(() => fillSqlite(db, count, hash, seededAt))();
    for (const { sql } of indexes) db.exec(sql);
    db.pragma("journal_mode = WAL");
  } finally {
    db.close();
  }
  fs.renameSync(building, file);
}

/**
 * Rows in the order the API would have written them: by time, across users, so one user's
 * sessions and events lie far apart in the table as they do in a store that grew. The
 * users go in from here; every other table is built by SQLite itself with INSERT … SELECT
 * over a counting CTE, the same statements as fillPostgres in SQLite's words. User i is
 * the row with rowid i + 1 of the freshly filled `users`.
 */
function fillSqlite(db: Database.Database, n: number, hash: string, seededAt: number): void {
  const full = usersInsert(db, ROWS_PER_INSERT);
  for (let from = 0; from < n; from += ROWS_PER_INSERT) {
    const rows = Math.min(ROWS_PER_INSERT, n - from);
    const params: unknown[] = [];
    for (let i = from; i < from + rows; i++)
      params.push(
        randomUUID(),
        seededEmail(i),
        `User ${i}`,
        hash,
        CREATED_AT + i,
        CREATED_AT + i,
        i % MIX.unverified.every === MIX.unverified.at ? null : CREATED_AT + MINUTE + i,
      );
    (rows === ROWS_PER_INSERT ? full : usersInsert(db, rows)).run(params);
  }

  db.exec("CREATE TEMP TABLE seed_user_agents (pos INTEGER PRIMARY KEY, text TEXT NOT NULL)");
  db.exec("CREATE TEMP TABLE seed_event_types (pos INTEGER PRIMARY KEY, text TEXT NOT NULL)");
  const addAgent = db.prepare("INSERT INTO seed_user_agents VALUES (?, ?)");
  USER_AGENTS.forEach((ua, k) => addAgent.run(k, ua));
  const addType = db.prepare("INSERT INTO seed_event_types VALUES (?, ?)");
  EVENT_TYPES.forEach((type, k) => addType.run(k, type));

  const count = (from: number, to: number, step = 1) =>
    `WITH RECURSIVE g(x) AS (SELECT ${from} UNION ALL SELECT x + ${step} FROM g WHERE x + ${step} <= ${to})`;
  const userId = (i: string) => `(SELECT id FROM users WHERE rowid = ${i} + 1)`;
  const hex = (bytes: number) => `lower(hex(randomblob(${bytes})))`;
  const orderedId = (g: string) =>
    `printf('%08x-%04x-4', ${g} >> 16, ${g} & 65535) || substr(${hex(2)}, 2) || '-a' || substr(${hex(2)}, 2) || '-' || ${hex(6)}`;
  const ipOf = (i: string) =>
    `'10.' || ((${i} / 65536) % 256) || '.' || ((${i} / 256) % 256) || '.' || (${i} % 256)`;
  const userAgent = `(SELECT text FROM seed_user_agents WHERE pos = (i + k) % ${USER_AGENTS.length})`;

  db.exec(
    `${count(0, MAX_SESSIONS * n - 1)}
     INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, user_agent, ip, auth_time, amr)
     SELECT ${orderedId("g")}, ${userId("i")}, c, c + (${seededAt} - c) / 2, c + ${SESSION_TTL}, ${userAgent}, ${ipOf("i")}, c,
            CASE WHEN i % ${MIX.totp.every} = ${MIX.totp.at} THEN '["pwd","otp"]' ELSE '["pwd"]' END
     FROM (SELECT x AS g, x % ${n} AS i, x / ${n} AS k,
                  CAST(${seededAt - SESSIONS_SPAN} + x * ${SESSIONS_SPAN / (MAX_SESSIONS * n)} AS INTEGER) AS c FROM g)
     WHERE k < ${MIX.sessions.min} + i % ${MIX.sessions.spread}`,
  );
  // One current refresh token per session, its hash 32 random bytes as the API's are.
  db.exec(
    `INSERT INTO refresh_tokens (token_hash, session_id, created_at)
     SELECT ${hex(32)}, id, last_used_at FROM sessions`,
  );
  db.exec(
    `${count(0, MAX_EVENTS * n - 1)}
     INSERT INTO activity_events (id, user_id, type, at, ip, user_agent)
     SELECT ${orderedId("g")}, ${userId("i")},
            (SELECT text FROM seed_event_types WHERE pos = (7 * i + k) % ${EVENT_TYPES.length}),
            CAST(${seededAt - EVENTS_SPAN} + g * ${EVENTS_SPAN / (MAX_EVENTS * n)} AS INTEGER),
            ${ipOf("i")}, ${userAgent}
     FROM (SELECT x AS g, x % ${n} AS i, x / ${n} AS k FROM g)
     WHERE k < ${MIX.events.min} + i % ${MIX.events.spread}`,
  );
  const every = (rule: { every: number; at: number }) => count(rule.at, n - 1, rule.every);
  if (n > MIX.totp.at) {
    db.exec(
      `${every(MIX.totp)}
       INSERT INTO totp_factors (user_id, secret_enc, created_at, enabled_at)
       SELECT ${userId("x")}, 'v1.' || ${hex(8)} || '.' || ${hex(11)} || '.' || ${hex(32)},
              ${CREATED_AT} + x, ${CREATED_AT + MINUTE} + x FROM g`,
    );
    db.exec(
      `${count(0, MIX.backupCodes - 1)}
       INSERT INTO backup_codes (code_hash, user_id, created_at, used_at)
       SELECT 'k1.' || ${hex(32)}, t.user_id, t.enabled_at, CASE WHEN x = 0 THEN ${seededAt - DAY} END
       FROM totp_factors t, g`,
    );
  }
  if (n > MIX.passkey.at)
    db.exec(
      `${every(MIX.passkey)}
       INSERT INTO passkeys (id, user_id, credential_id, public_key, counter, transports, device_type, backed_up, name, created_at, last_used_at)
       SELECT ${orderedId(`(x / ${MIX.passkey.every})`)}, ${userId("x")}, ${hex(32)}, 'pQECAyYgASFYI' || ${hex(32)}, 0,
              '["hybrid","internal"]', 'multiDevice', 1, 'iCloud Keychain', ${CREATED_AT + MINUTE} + x, ${seededAt - DAY}
       FROM g`,
    );
  if (n > MIX.identity.at)
    db.exec(
      `${every(MIX.identity)}
       INSERT INTO identities (id, user_id, issuer, subject, email, linked_at)
       SELECT ${orderedId(`(x / ${MIX.identity.every})`)}, ${userId("x")}, '${IDENTITY_ISSUER}', '1' || printf('%020d', x),
              'user' || x || '@scale.bench', ${CREATED_AT + MINUTE} + x
       FROM g`,
    );
  const tombstones = Math.floor(n / MIX.usersPerTombstone) * TOMBSTONES_PER_ACCOUNT;
  if (tombstones > 0)
    db.exec(
      `${count(1, tombstones)}
       INSERT INTO session_tombstones (id, revoked_at)
       SELECT ${orderedId("x")}, ${seededAt - 10 * MINUTE} FROM g`,
    );
  db.exec("DROP TABLE seed_user_agents; DROP TABLE seed_event_types");
}

function usersInsert(db: Database.Database, rows: number) {
  return db.prepare(
    `INSERT INTO users (id, email, name, password_hash, created_at, updated_at, email_verified_at)
     VALUES ${Array(rows).fill("(?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
  );
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

/**
 * A schema of its own in the PostgreSQL database, migrated by the API and filled table by
 * table with INSERT … SELECT over generate_series: the server builds the rows itself, which
 * beats shipping millions of rows over the socket (COPY or multi-row inserts).
 */
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
    await admin.query(`SET search_path TO ${schema}`);
    await fillPostgres(admin, schema, count, hash, Date.now());
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
      await admin.query(`SET search_path TO ${schema}`);
      await fillPostgres(admin, schema, count, hash, seededAt);
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
 * The same rows as fillSqlite, in the same order, built by the server. User ids are derived
 * from i (an md5 shaped as a version-4 UUID, salted per schema), so every table can name its
 * user without a join.
 */
async function fillPostgres(
  client: pg.Client,
  schema: string,
  n: number,
  hash: string,
  seededAt: number,
): Promise<void> {
  // An empty store (the revocation cases make their own users) has nothing to fill.
  if (n === 0) return;
  await client.query("SET synchronous_commit TO off");
  await client.query("SET maintenance_work_mem TO '256MB'");
  // Foreign keys are known to hold (every user_id is one just inserted): skipping their
  // per-row checks needs a superuser, and without one they are simply checked.
  await client.query("SET session_replication_role TO replica").catch(() => {});
  const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes i
     WHERE schemaname = $1 AND tablename = ANY($2)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                       WHERE c.conname = i.indexname AND c.connamespace = $1::regnamespace)`,
    [schema, FEATURE_TABLES],
  );
  for (const { indexname } of indexes) await client.query(`DROP INDEX ${schema}.${indexname}`);

  const salt = randomUUID();
  const userId = (i: string) =>
    `overlay(overlay(md5('${salt}' || ${i}) placing '4' from 13) placing '8' from 17)::uuid::text`;
  const orderedId = (g: string) =>
    `substr(lpad(to_hex(${g}), 12, '0'), 1, 8) || '-' || substr(lpad(to_hex(${g}), 12, '0'), 9) || substr(gen_random_uuid()::text, 14)`;
  const randomHex64 = "replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')";
  const ipOf = (i: string) =>
    `'10.' || ((${i} / 65536) % 256) || '.' || ((${i} / 256) % 256) || '.' || (${i} % 256)`;
  const everyNth = (rule: { every: number; at: number }) =>
    `generate_series(${rule.at}, ${n - 1}, ${rule.every})`;
  const userAgent = `($1::text[])[(i + k) % ${USER_AGENTS.length} + 1]`;
  const run = (sql: string, params: unknown[] = []) => client.query(sql, params);

  await run(
    `INSERT INTO users (id, email, name, password_hash, created_at, updated_at, email_verified_at)
     SELECT ${userId("i")}, 'user' || i || '@scale.bench', 'User ' || i, $1, ${CREATED_AT} + i, ${CREATED_AT} + i,
            CASE WHEN i % ${MIX.unverified.every} = ${MIX.unverified.at} THEN NULL ELSE ${CREATED_AT + MINUTE} + i END
     FROM generate_series(0, ${n - 1}) AS i`,
    [hash],
  );
  await run(
    `INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, user_agent, ip, auth_time, amr)
     SELECT ${orderedId("g")}, ${userId("i")}, c, c + (${seededAt} - c) / 2, c + ${SESSION_TTL}, ${userAgent}, ${ipOf("i")}, c,
            CASE WHEN i % ${MIX.totp.every} = ${MIX.totp.at} THEN '["pwd","otp"]' ELSE '["pwd"]' END
     FROM (SELECT g, g % ${n} AS i, g / ${n} AS k,
                  (${seededAt - SESSIONS_SPAN} + floor(g * ${SESSIONS_SPAN / (MAX_SESSIONS * n)}::float8))::bigint AS c
           FROM generate_series(0, ${MAX_SESSIONS * n - 1}) AS g) AS s
     WHERE k < ${MIX.sessions.min} + i % ${MIX.sessions.spread}`,
    [USER_AGENTS],
  );
  await run(
    `INSERT INTO refresh_tokens (token_hash, session_id, created_at)
     SELECT ${randomHex64}, id, last_used_at FROM sessions`,
  );
  await run(
    `INSERT INTO activity_events (id, user_id, type, at, ip, user_agent)
     SELECT ${orderedId("g")}, ${userId("i")}, ($2::text[])[(7 * i + k) % ${EVENT_TYPES.length} + 1],
            (${seededAt - EVENTS_SPAN} + floor(g * ${EVENTS_SPAN / (MAX_EVENTS * n)}::float8))::bigint,
            ${ipOf("i")}, ${userAgent}
     FROM (SELECT g, g % ${n} AS i, g / ${n} AS k FROM generate_series(0, ${MAX_EVENTS * n - 1}) AS g) AS e
     WHERE k < ${MIX.events.min} + i % ${MIX.events.spread}`,
    [USER_AGENTS, EVENT_TYPES],
  );
  await run(
    `INSERT INTO totp_factors (user_id, secret_enc, created_at, enabled_at)
     SELECT ${userId("i")}, 'v1.' || substr(${randomHex64}, 1, 16) || '.' || substr(${randomHex64}, 1, 22) || '.' || ${randomHex64},
            ${CREATED_AT} + i, ${CREATED_AT + MINUTE} + i
     FROM ${everyNth(MIX.totp)} AS i`,
  );
  await run(
    `INSERT INTO backup_codes (code_hash, user_id, created_at, used_at)
     SELECT 'k1.' || ${randomHex64}, ${userId("i")}, ${CREATED_AT + MINUTE} + i, CASE WHEN c = 0 THEN ${seededAt - DAY} END
     FROM ${everyNth(MIX.totp)} AS i, generate_series(0, ${MIX.backupCodes - 1}) AS c`,
  );
  await run(
    `INSERT INTO passkeys (id, user_id, credential_id, public_key, counter, transports, device_type, backed_up, name, created_at, last_used_at)
     SELECT ${orderedId(`(i / ${MIX.passkey.every})`)}, ${userId("i")}, ${randomHex64}, 'pQECAyYgASFYI' || ${randomHex64}, 0,
            '["hybrid","internal"]', 'multiDevice', 1, 'iCloud Keychain', ${CREATED_AT + MINUTE} + i, ${seededAt - DAY}
     FROM ${everyNth(MIX.passkey)} AS i`,
  );
  await run(
    `INSERT INTO identities (id, user_id, issuer, subject, email, linked_at)
     SELECT ${orderedId(`(i / ${MIX.identity.every})`)}, ${userId("i")}, $1, '1' || lpad(i::text, 20, '0'),
            'user' || i || '@scale.bench', ${CREATED_AT + MINUTE} + i
     FROM ${everyNth(MIX.identity)} AS i`,
    [IDENTITY_ISSUER],
  );
  await run(
    `INSERT INTO session_tombstones (id, revoked_at)
     SELECT gen_random_uuid()::text, ${seededAt - 10 * MINUTE}
     FROM generate_series(1, ${Math.floor(n / MIX.usersPerTombstone) * TOMBSTONES_PER_ACCOUNT})`,
  );
  for (const { indexdef } of indexes) await run(indexdef);
  await client.query("RESET session_replication_role").catch(() => {});
  // A store that has been live a while has been vacuumed by autovacuum: its visibility map is
  // set, so index-only scans (the activity page) stay in the index. A fresh bulk load has none.
  await run(`VACUUM (ANALYZE) ${["users", ...FEATURE_TABLES].join(", ")}`);
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

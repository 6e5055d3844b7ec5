import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

/**
 * The PostgreSQL server the tests run against, and a private schema per test file.
 *
 * `TEST_DATABASE_URL` names the server: `npm test` always sets it (to your server, the one
 * on the default port, or one it starts: scripts/test-services). Without it, CI fails at
 * once rather than pass without having tested anything; a direct `npx vitest` falls back to
 * the default local server and fails with a clear line if none answers.
 * Never a silent skip: a green PostgreSQL suite always means PostgreSQL was exercised.
 */
export const LOCAL_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";

let resolved: Promise<string> | undefined;

export function testDatabaseUrl(): Promise<string> {
  resolved ??= resolve();
  return resolved;
}

async function resolve(): Promise<string> {
  const fromEnv = process.env.TEST_DATABASE_URL;
  if (fromEnv) return fromEnv;
  if (process.env.CI) {
    throw new Error(
      "TEST_DATABASE_URL is not set: CI must run the PostgreSQL tests against a real server (postgres://user@host:port/db)",
    );
  }
  try {
    await withClient(LOCAL_DATABASE_URL, (client) => client.query("select 1"));
  } catch (err) {
    throw new Error(
      `The PostgreSQL tests need a server: none answered at ${LOCAL_DATABASE_URL}. Set TEST_DATABASE_URL, or run through \`node scripts/test-services/run.mjs\` (from the repository root), which starts one.`,
      {
        cause: err,
      },
    );
  }
  return LOCAL_DATABASE_URL;
}

export interface TestSchema {
  name: string;
  /** The server URL with this schema as its search_path: what DATABASE_URL is set to. */
  url: string;
  drop(): Promise<void>;
}

const SCHEMA_PATTERN = /^t_(\d+)_[0-9a-f]+$/;
const STALE_AFTER_SECONDS = 3600;

/**
 * A fresh schema `t_<unix seconds>_<random>`, so parallel runs and files never meet.
 * Schemas an aborted run left behind more than an hour ago are dropped on the way.
 */
export async function createTestSchema(): Promise<TestSchema> {
  const server = await testDatabaseUrl();
  const now = Math.floor(Date.now() / 1000);
  const name = `t_${now}_${randomBytes(5).toString("hex")}`;
  await withClient(server, async (client) => {
    const { rows } = await client.query<{ nspname: string }>(
      "select nspname from pg_namespace where nspname like 't\\_%'",
    );
    for (const { nspname } of rows) {
      const created = SCHEMA_PATTERN.exec(nspname)?.[1];
      if (created && Number(created) < now - STALE_AFTER_SECONDS)
        await client.query(`drop schema if exists ${nspname} cascade`);
    }
    await client.query(`create schema ${name}`);
  });
  return {
    name,
    url: withSearchPath(server, name),
    drop: () =>
      withClient(server, (client) => client.query(`drop schema if exists ${name} cascade`)).then(
        () => undefined,
      ),
  };
}

/**
 * libpq's `options` parameter, which node-postgres passes to the server at connect, sets
 * the search_path; the application name lets a test find (and cut) this schema's connections.
 */
export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("options", `-c search_path=${schema}`);
  parsed.searchParams.set("application_name", schema);
  return parsed.toString();
}

export async function withClient<T>(
  url: string,
  use: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Counts the server connections opened with this schema's URL, e.g. to see a pool closed. */
export async function connectionsTo(schema: TestSchema): Promise<number> {
  const server = await testDatabaseUrl();
  return withClient(server, async (client) => {
    const { rows } = await client.query<{ n: string }>(
      "select count(*) as n from pg_stat_activity where pid <> pg_backend_pid() and datname = current_database() and application_name = $1",
      [schema.name],
    );
    return Number(rows[0]?.n ?? 0);
  });
}

export type DialectName = "sqlite" | "postgres";
export const DIALECTS: DialectName[] = ["sqlite", "postgres"];

/** A fresh, empty place for a store of either dialect: a temp SQLite file or a schema. */
export async function createTestDatabase(
  dialect: DialectName,
): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === "postgres") return createTestSchema();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-store-"));
  return {
    url: `sqlite:${path.join(dir, "test.db")}`,
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

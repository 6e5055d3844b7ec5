import fs from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely";
import type { Logger } from "pino";
import type pg from "pg";
import { migrationProvider } from "./migrations/index.js";
import type { Database } from "./schema.js";
import { runPreparedQueriesDirectly } from "./transaction.js";
import { checkpointOffThread } from "../runtime/sqlite-checkpointer.js";
import { withStatementCache } from "./sqlite-statement-cache.js";

export type Dialect = "sqlite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The pg pool, for LISTEN/NOTIFY; absent on SQLite. */
  pool?: pg.Pool;
  /** `postgres://` URL of this handle, for a dedicated listener connection. */
  url: string;
  /**
   * SQLite only: a number that changes whenever another connection (another process, such
   * as `npm run admin`) has committed to the file since it was last read; this process's
   * own writes leave it alone (`PRAGMA data_version`).
   */
  changedElsewhere?: () => number;
  close(): Promise<void>;
}

/** Opens the store named by `DATABASE_URL` and brings its schema up to date. */
export async function openDatabase(
  url: string,
  options: { poolSize?: number; logger?: Logger | undefined } = {},
): Promise<DatabaseHandle> {
  const handle = url.startsWith("sqlite:")
    ? openSqlite(url, options.logger)
    : await openPostgres(url, options.poolSize ?? 10);
  try {
    await migrate(handle.db, handle.dialect);
  } catch (err) {
    await handle.close();
    throw err;
  }
  return handle;
}

function openSqlite(url: string, logger: Logger | undefined): DatabaseHandle {
  const file = url.slice("sqlite:".length);
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const statements = withStatementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) });
  runPreparedQueriesDirectly(db, { sqlite, prepare: (text) => statements.prepare(text) });
  const checkpointer =
    file === ":memory:" ? undefined : checkpointOffThread(sqlite, file, { logger });
  const close = async () => {
    await checkpointer?.stop();
    await db.destroy();
  };
  const changedElsewhere = () => sqlite.pragma("data_version", { simple: true }) as number;
  return { db, dialect: "sqlite", url, close, changedElsewhere };
}

/** pg is imported here, on first use: a process on SQLite never loads it (less memory at rest). */
async function openPostgres(url: string, max: number): Promise<DatabaseHandle> {
  const { default: postgres } = await import("pg");
  // BIGINT columns hold epoch milliseconds, which fit a JS number exactly.
  const pgTypes = {
    getTypeParser: (oid: number, format?: "text" | "binary") =>
      oid === 20
        ? (value: string) => Number(value)
        : postgres.types.getTypeParser(oid, format as "text"),
  };
  const pool = new postgres.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
    types: pgTypes,
  });
  // A dropped connection must not crash the process; the next query reconnects. The pool
  // only listens on idle clients, and a checked-out client whose socket dies emits
  // "error" after failing its query: without a listener that is an uncaught exception.
  pool.on("error", () => {});
  pool.on("connect", (client) => client.on("error", () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: "postgres", pool, url, close: () => db.destroy() };
}

async function migrate(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  // Kysely looks for its own tables in every schema unless told which one: name the
  // current schema (from search_path), or a second schema in the same database would be
  // taken for already migrated.
  const migrationTableSchema = dialect === "postgres" ? await currentSchema(db) : undefined;
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    // Features number their migrations in ranges of their own; one added later in a lower
    // range must still run on a database that already has a higher one.
    allowUnorderedMigrations: true,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
    db,
  );
  const schema = rows[0]?.schema;
  if (!schema) throw new Error("PostgreSQL has no current schema: check search_path");
  return schema;
}

/** A cheap round trip, for the health check. */
export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}

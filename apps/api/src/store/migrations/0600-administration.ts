import { PostgresAdapter, sql, type Kysely, type Migration } from "kysely";

/**
 * What administration stores:
 * - the user's roles, a JSON list (`["user"]` for everyone; `["admin","user"]`), and when
 *   they last changed, so every instance can refuse access tokens that claim a role taken
 *   away within their lifetime (sessions/revocation-list.ts);
 * - the lock: since when, why, and until when (null: until an administrator lifts it);
 * - `admin_audit`, every administrator's action, kept for AUDIT_RETENTION; the actor and
 *   the target are copied, not referenced, so the log outlives the accounts it names.
 *
 * The user list reads users newest first, (created_at, id). Its search, part of an email or
 * a name, is served on PostgreSQL by trigram GIN indexes (pg_trgm) when the extension can be
 * had (without it, no superuser, no contrib, by that ordered scan, which stops once a page is
 * full), and on SQLite by an FTS5 trigram table (docs/administration.md has the figures).
 */
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable("users")
      .addColumn("roles", "text", (c) => c.notNull().defaultTo('["user"]'))
      .execute();
    await db.schema.alterTable("users").addColumn("roles_changed_at", "bigint").execute();
    await db.schema.alterTable("users").addColumn("locked_at", "bigint").execute();
    await db.schema.alterTable("users").addColumn("locked_reason", "text").execute();
    await db.schema.alterTable("users").addColumn("locked_until", "bigint").execute();
    // The few accounts with more than the default role: the last-administrator count reads only these.
    await db.schema
      .createIndex("users_privileged")
      .on("users")
      .column("roles")
      .where(sql.ref("roles"), "<>", '["user"]')
      .execute();
    await db.schema
      .createIndex("users_roles_changed")
      .on("users")
      .column("roles_changed_at")
      .where("roles_changed_at", "is not", null)
      .execute();
    await db.schema.createIndex("users_newest").on("users").columns(["created_at", "id"]).execute();

    await db.schema
      .createTable("admin_audit")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("actor_id", "text")
      .addColumn("actor_email", "text", (c) => c.notNull())
      .addColumn("target_id", "text", (c) => c.notNull())
      .addColumn("target_email", "text", (c) => c.notNull())
      .addColumn("detail", "text", (c) => c.notNull())
      .addColumn("ip", "text")
      .execute();
    await db.schema
      .createIndex("admin_audit_page")
      .on("admin_audit")
      .columns(["at", "id"])
      .execute();

    if (db.getExecutor().adapter instanceof PostgresAdapter) await trigramIndexes(db);
    else await trigramSearchTable(db);
  },
};

/**
 * SQLite's answer to pg_trgm: an FTS5 table with the trigram tokenizer over users' email and
 * name (external content: it stores the index, not a second copy of the rows), kept in step by
 * triggers. It is keyed by the users table's rowid, which a VACUUM may renumber (the table has
 * no INTEGER PRIMARY KEY): after one, rebuild it with
 * `INSERT INTO users_search(users_search) VALUES ('rebuild')` (docs/administration.md).
 */
async function trigramSearchTable(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE users_search USING fts5(email, name, content='users', content_rowid='rowid', tokenize='trigram')`.execute(
    db,
  );
  await sql`INSERT INTO users_search(users_search) VALUES ('rebuild')`.execute(db);
  await sql`CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
      INSERT INTO users_search(rowid, email, name) VALUES (new.rowid, new.email, new.name);
    END`.execute(db);
  await sql`CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
      INSERT INTO users_search(users_search, rowid, email, name) VALUES ('delete', old.rowid, old.email, old.name);
    END`.execute(db);
  await sql`CREATE TRIGGER users_search_update AFTER UPDATE OF email, name ON users BEGIN
      INSERT INTO users_search(users_search, rowid, email, name) VALUES ('delete', old.rowid, old.email, old.name);
      INSERT INTO users_search(rowid, email, name) VALUES (new.rowid, new.email, new.name);
    END`.execute(db);
}

/**
 * CREATE EXTENSION needs a role that may create it (a superuser, or the database owner on
 * PostgreSQL 13+ for a trusted extension): where it may not, or pg_trgm is not installed,
 * the search still works by scanning, and the migration says so in a NOTICE. The extension
 * goes into `public` when it can, so dropping a deployment's schema never takes it along.
 */
async function trigramIndexes(db: Kysely<unknown>): Promise<void> {
  await sql`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        BEGIN
          CREATE EXTENSION pg_trgm SCHEMA public;
        EXCEPTION WHEN others THEN
          BEGIN
            CREATE EXTENSION pg_trgm;
          EXCEPTION WHEN others THEN
            RAISE NOTICE 'pg_trgm is not available (%): user search will scan', SQLERRM;
          END;
        END;
      END IF;
    END $$`.execute(db);
  await sql`
    DO $$
    DECLARE ext_schema text;
    BEGIN
      SELECT extnamespace::regnamespace::text INTO ext_schema FROM pg_extension WHERE extname = 'pg_trgm';
      IF ext_schema IS NOT NULL THEN
        EXECUTE format('CREATE INDEX users_email_trgm ON users USING gin (lower(email) %s.gin_trgm_ops)', ext_schema);
        EXECUTE format('CREATE INDEX users_name_trgm ON users USING gin (lower(name) %s.gin_trgm_ops)', ext_schema);
      END IF;
    END $$`.execute(db);
}

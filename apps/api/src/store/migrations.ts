import { type Kysely, type Migration, type MigrationProvider } from "kysely";

/**
 * Migrations live in code and run at start-up. Each is written once with Kysely's schema
 * builder and types that mean the same in SQLite and PostgreSQL (TEXT, BIGINT, INTEGER).
 */
const migrations: Record<string, Migration> = {
  "0001_users": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("users")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("email", "text", (c) => c.notNull().unique())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("password_hash", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();
    },
  },
  "0002_sessions": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("sessions")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("last_used_at", "bigint", (c) => c.notNull())
        .addColumn("expires_at", "bigint", (c) => c.notNull())
        .addColumn("revoked_at", "bigint")
        .addColumn("revoked_reason", "text")
        .addColumn("user_agent", "text")
        .execute();
      await db.schema.createIndex("sessions_user_id").on("sessions").column("user_id").execute();
      await db.schema
        .createIndex("sessions_revoked_at")
        .on("sessions")
        .column("revoked_at")
        .execute();
      await db.schema
        .createIndex("sessions_expires_at")
        .on("sessions")
        .column("expires_at")
        .execute();

      await db.schema
        .createTable("refresh_tokens")
        .addColumn("token_hash", "text", (c) => c.primaryKey())
        .addColumn("session_id", "text", (c) =>
          c.notNull().references("sessions.id").onDelete("cascade"),
        )
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("rotated_at", "bigint")
        .addColumn("replaced_by", "text")
        .execute();
      await db.schema
        .createIndex("refresh_tokens_session_id")
        .on("refresh_tokens")
        .column("session_id")
        .execute();
    },
  },
  "0003_rate_limits": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("rate_limits")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("hits", "integer", (c) => c.notNull())
        .addColumn("reset_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("rate_limits_reset_at")
        .on("rate_limits")
        .column("reset_at")
        .execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};

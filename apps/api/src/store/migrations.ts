import { type Kysely, type Migration, type MigrationProvider } from "kysely";
import { migration as linkTokens } from "./migrations/0100-link-tokens.js";

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
  // Stand-in for the spine's outbox and users.email_verified_at until it lands.
  "0004_outbox": {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("users").addColumn("email_verified_at", "bigint").execute();
      await db.schema
        .createTable("outbox")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text")
        .addColumn("to_address", "text", (c) => c.notNull())
        .addColumn("template", "text", (c) => c.notNull())
        .addColumn("subject", "text", (c) => c.notNull())
        .addColumn("text", "text", (c) => c.notNull())
        .addColumn("html", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("next_attempt_at", "bigint", (c) => c.notNull())
        .addColumn("claimed_until", "bigint")
        .addColumn("sent_at", "bigint")
        .addColumn("last_error", "text")
        .execute();
    },
  },
  "0100_link_tokens": linkTokens,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};

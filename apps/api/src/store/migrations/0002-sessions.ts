import type { Kysely, Migration } from "kysely";

/** Sessions (refresh-token families) and their refresh tokens, stored by hash only. */
export const migration: Migration = {
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
};

import type { Kysely, Migration } from "kysely";

/** Mailed link tokens: verify email, password reset, email change. */
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("link_tokens")
      .addColumn("token_hash", "text", (c) => c.primaryKey())
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("purpose", "text", (c) => c.notNull())
      .addColumn("email", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("link_tokens_user_purpose")
      .on("link_tokens")
      .columns(["user_id", "purpose"])
      .execute();
    await db.schema
      .createIndex("link_tokens_expires_at")
      .on("link_tokens")
      .column("expires_at")
      .execute();
  },
};

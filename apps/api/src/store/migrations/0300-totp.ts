import type { Kysely, Migration } from "kysely";

/**
 * TOTP factors (one per user, pending until the first correct code), their backup codes
 * and the short-lived tokens of a login waiting for its second factor.
 */
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("totp_factors")
      .addColumn("user_id", "text", (c) =>
        c.primaryKey().references("users.id").onDelete("cascade"),
      )
      .addColumn("secret_enc", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("enabled_at", "bigint")
      .addColumn("last_step", "bigint")
      .execute();

    await db.schema
      .createTable("backup_codes")
      .addColumn("code_hash", "text", (c) => c.primaryKey())
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("used_at", "bigint")
      .execute();
    await db.schema
      .createIndex("backup_codes_user_id")
      .on("backup_codes")
      .column("user_id")
      .execute();

    await db.schema
      .createTable("mfa_tokens")
      .addColumn("token_hash", "text", (c) => c.primaryKey())
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("used_at", "bigint")
      .execute();
    await db.schema.createIndex("mfa_tokens_user_id").on("mfa_tokens").column("user_id").execute();
    await db.schema
      .createIndex("mfa_tokens_expires_at")
      .on("mfa_tokens")
      .column("expires_at")
      .execute();
  },
};

import type { Kysely, Migration } from "kysely";

/**
 * Identities at OpenID Connect providers linked to an account. An identity is the pair
 * (issuer, subject): the email it came with is kept for display only, never to find it.
 */
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("identities")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("issuer", "text", (c) => c.notNull())
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("email", "text")
      .addColumn("linked_at", "bigint", (c) => c.notNull())
      .addUniqueConstraint("identities_issuer_subject", ["issuer", "subject"])
      .execute();
    await db.schema.createIndex("identities_user_id").on("identities").column("user_id").execute();
  },
};

import type { Kysely, Migration } from "kysely";

/**
 * What the rules of "accounts that cannot be taken over" store:
 * - the first factor a waiting second step stands on (`pwd` or `fed`), so the session it
 *   starts says how the user got there;
 * - an outbox message's link, sealed (AES-256-GCM) while it waits and dropped once it is
 *   delivered, so a copy of the database holds no working link.
 */
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable("mfa_tokens").addColumn("first_factor", "text").execute();
    await db.schema.alterTable("outbox").addColumn("sealed", "text").execute();
  },
};

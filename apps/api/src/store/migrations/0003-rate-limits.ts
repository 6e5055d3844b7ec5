import type { Kysely, Migration } from "kysely";

/** Fixed-window counters for rate limits shared by several instances. */
export const migration: Migration = {
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
};

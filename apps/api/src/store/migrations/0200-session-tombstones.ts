import type { Kysely, Migration } from "kysely";

/**
 * Deleting an account deletes its sessions (ON DELETE CASCADE), but their access tokens
 * may live a few minutes more, and an instance that starts (or reloads its revocation
 * list) in that time must still refuse them. A tombstone keeps the id of each such session
 * until its tokens have expired, then maintenance removes it.
 */
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("session_tombstones")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("revoked_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("session_tombstones_revoked_at")
      .on("session_tombstones")
      .column("revoked_at")
      .execute();
  },
};

import type { Kysely, Migration } from "kysely";

/**
 * The activity page reads a user's newest events. Through an index of (user_id, at, id) alone,
 * each event on the page is one more lookup in the table, where a user's events lie wherever
 * they were written among everyone else's: with a million users, a page of 20 events touched
 * about 20 pages of the table. An index that carries every column answers the page from its
 * own leaf pages, where one user's events sit side by side, on SQLite ("covering index") and
 * PostgreSQL (index-only scan) alike.
 */
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex("activity_events_user_page")
      .on("activity_events")
      .columns(["user_id", "at", "id", "type", "ip", "user_agent"])
      .execute();
    await db.schema.dropIndex("activity_events_user_at").execute();
  },
};

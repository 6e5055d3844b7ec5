import { sql, type Kysely } from "kysely";
import type { Database } from "./schema.js";

/** One fixed window of a rate limit: how many hits, and when it ends (epoch ms). */
export interface RateLimitWindow {
  hits: number;
  resetAt: number;
}

/**
 * Counts one hit, starting a new window when the old one is over. One statement both
 * counts and starts the window, so two instances incrementing one key at once can neither
 * lose a hit nor both start a window. Written once for SQLite and PostgreSQL: both have
 * INSERT ... ON CONFLICT DO UPDATE ... RETURNING.
 */
export async function incrementWindow(
  db: Kysely<Database>,
  key: string,
  windowMs: number,
  now: number,
): Promise<RateLimitWindow> {
  const row = await db
    .insertInto("rate_limits")
    .values({ key, hits: 1, reset_at: now + windowMs })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        hits: sql<number>`case when rate_limits.reset_at <= ${now} then 1 else rate_limits.hits + 1 end`,
        reset_at: sql<number>`case when rate_limits.reset_at <= ${now} then excluded.reset_at else rate_limits.reset_at end`,
      }),
    )
    .returning(["hits", "reset_at"])
    .executeTakeFirstOrThrow();
  return { hits: Number(row.hits), resetAt: Number(row.reset_at) };
}

export async function findWindow(
  db: Kysely<Database>,
  key: string,
  now: number,
): Promise<RateLimitWindow | undefined> {
  const row = await db
    .selectFrom("rate_limits")
    .select(["hits", "reset_at"])
    .where("key", "=", key)
    .where("reset_at", ">", now)
    .executeTakeFirst();
  return row && { hits: Number(row.hits), resetAt: Number(row.reset_at) };
}

export async function decrementWindow(
  db: Kysely<Database>,
  key: string,
  now: number,
): Promise<void> {
  await db
    .updateTable("rate_limits")
    .set({ hits: sql<number>`hits - 1` })
    .where("key", "=", key)
    .where("hits", ">", 0)
    .where("reset_at", ">", now)
    .execute();
}

export async function deleteWindow(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom("rate_limits").where("key", "=", key).execute();
}

/** Spent windows, for housekeeping. */
export async function deleteEndedWindows(db: Kysely<Database>, now: number): Promise<void> {
  await db.deleteFrom("rate_limits").where("reset_at", "<=", now).execute();
}

import { randomUUID } from "node:crypto";
import type { ActivityType } from "@jwt-auth/shared";
import type { Kysely, Selectable } from "kysely";
import type { Db } from "./db.js";
import { prepared, type Params } from "./prepared.js";
import type { ActivityEventsTable, Database } from "./schema.js";

export interface NewActivityEvent {
  userId: string;
  type: ActivityType;
  at: number;
  ip: string | null;
  userAgent: string | null;
}

/**
 * Writes one event of a user's security log. Pass the transaction of the change it
 * records, so the log and the change are written together or not at all.
 */
const insertEvent = prepared(
  (
    db,
    p: Params<{
      id: string;
      userId: string;
      type: ActivityType;
      at: number;
      ip: string | null;
      userAgent: string | null;
    }>,
  ) =>
    db.insertInto("activity_events").values({
      id: p("id"),
      user_id: p("userId"),
      type: p("type"),
      at: p("at"),
      ip: p("ip"),
      user_agent: p("userAgent"),
    }),
);

export async function recordActivity(db: Db, event: NewActivityEvent): Promise<void> {
  await insertEvent(db, {
    id: randomUUID(),
    userId: event.userId,
    type: event.type,
    at: event.at,
    ip: event.ip,
    userAgent: event.userAgent?.slice(0, 256) ?? null,
  });
}

/**
 * An event to record with a change, written by the store in the change's own transaction:
 * who and when are the change's, what and from where are the caller's.
 */
export interface ActivityNote {
  type: ActivityType;
  ip: string | null;
  userAgent: string | null;
}

export type ActivityRow = Selectable<ActivityEventsTable>;

/**
 * A page of a user's events, newest first, strictly after (older than) `before`: keyset
 * paging on (at, id), answered from the (user_id, at, id, …) index alone, backwards.
 */
export function activityPageQuery(
  db: Kysely<Database>,
  userId: string,
  page: { before?: { at: number; id: string } | undefined; limit: number },
) {
  let query = db.selectFrom("activity_events").selectAll().where("user_id", "=", userId);
  const { before } = page;
  if (before) {
    query = query.where((eb) =>
      eb.or([
        eb("at", "<", before.at),
        eb.and([eb("at", "=", before.at), eb("id", "<", before.id)]),
      ]),
    );
  }
  return query.orderBy("at", "desc").orderBy("id", "desc").limit(page.limit);
}

export async function listActivity(
  db: Kysely<Database>,
  userId: string,
  page: { before?: { at: number; id: string } | undefined; limit: number },
): Promise<ActivityRow[]> {
  return activityPageQuery(db, userId, page).execute();
}

/** Every event of a user, newest first: for the export. */
export async function listAllActivity(
  db: Kysely<Database>,
  userId: string,
): Promise<ActivityRow[]> {
  return db
    .selectFrom("activity_events")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("at", "desc")
    .orderBy("id", "desc")
    .execute();
}

/** Deletes events older than the retention (ACTIVITY_RETENTION); returns how many. */
export async function deleteActivityBefore(db: Kysely<Database>, before: number): Promise<number> {
  const result = await db.deleteFrom("activity_events").where("at", "<", before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

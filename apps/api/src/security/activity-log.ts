import type { ActivityEvent, ActivityPage } from "@jwt-auth/shared";
import { fieldError } from "../errors/domain-error.js";
import { listActivity, type ActivityRow } from "../store/activity-store.js";
import type { Db } from "../store/db.js";
import { decodeActivityCursor, encodeActivityCursor } from "./activity-cursor.js";
import { describeUserAgent } from "./describe-user-agent.js";

export function toActivityEvent(row: ActivityRow): ActivityEvent {
  return {
    id: row.id,
    type: row.type as ActivityEvent["type"],
    at: new Date(row.at).toISOString(),
    ip: row.ip,
    userAgent: row.user_agent,
    ...describeUserAgent(row.user_agent),
  };
}

/**
 * One page of the user's security log, newest first. One row more than asked is read, so
 * whether there is a next page is known without a second query.
 */
export async function activityPage(
  db: Db,
  userId: string,
  query: { limit: number; before?: string | undefined },
): Promise<ActivityPage> {
  const before = query.before === undefined ? undefined : decodeActivityCursor(query.before);
  if (query.before !== undefined && !before) {
    throw fieldError("before", "before must be a cursor from a previous page");
  }
  const rows = await listActivity(db, userId, { before, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    events: page.map(toActivityEvent),
    next: rows.length > query.limit && last ? encodeActivityCursor(last) : null,
  };
}

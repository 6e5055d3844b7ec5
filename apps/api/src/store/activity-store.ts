import { randomUUID } from "node:crypto";
import type { ActivityType } from "@jwt-auth/shared";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema.js";

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
export async function recordActivity(
  db: Kysely<Database> | Transaction<Database>,
  event: NewActivityEvent,
): Promise<void> {
  await db
    .insertInto("activity_events")
    .values({
      id: randomUUID(),
      user_id: event.userId,
      type: event.type,
      at: event.at,
      ip: event.ip,
      user_agent: event.userAgent?.slice(0, 256) ?? null,
    })
    .execute();
}

import type { Selectable } from "kysely";
import type { Db } from "./db.js";
import type { SessionsTable } from "./schema.js";

/** What the security page shows of a session. */
export type SessionView = Pick<
  Selectable<SessionsTable>,
  "id" | "created_at" | "last_used_at" | "expires_at" | "ip" | "user_agent" | "amr"
>;

const SESSION_VIEW = [
  "id",
  "created_at",
  "last_used_at",
  "expires_at",
  "ip",
  "user_agent",
  "amr",
] as const;

/** The live sessions of a user, most recently used first. */
export async function listLiveSessionsOf(
  db: Db,
  userId: string,
  now: number,
): Promise<SessionView[]> {
  return db
    .selectFrom("sessions")
    .select(SESSION_VIEW)
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .orderBy("last_used_at", "desc")
    .orderBy("id")
    .execute();
}

/** Every session row of a user, ended ones too: part of what the export hands over. */
export async function listAllSessionsOf(db: Db, userId: string): Promise<SessionView[]> {
  return db
    .selectFrom("sessions")
    .select(SESSION_VIEW)
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .execute();
}

import { sql } from "kysely";
import { recordActivity, type ActivityNote } from "./activity-store.js";
import type { Db, Tx } from "./db.js";
import { prepared, type Params } from "./prepared.js";
import { deleteTombstonesBefore, listTombstonesSince } from "./session-tombstone-store.js";
import { transaction } from "./transaction.js";

/** When and how a session last proved a credential: the `auth_time` and `amr` of its tokens. */
export interface SessionAuth {
  authTime: number;
  amr: string[];
}

export type RevokeReason =
  | "logout"
  | "logout_all"
  | "password_change"
  | "password_reset"
  | "reuse"
  | "revoked"
  | "revoke_others"
  | "account_deleted"
  | "email_change_cancelled"
  | "account_locked"
  | "mfa_reset";

// The session row of every login and the last use of every refresh, prepared once (prepared.ts).
export const insertSession = prepared(
  (
    db,
    p: Params<{
      id: string;
      userId: string;
      now: number;
      expiresAt: number;
      userAgent: string | null;
      ip: string | null;
      amr: string;
    }>,
  ) =>
    db.insertInto("sessions").values({
      id: p("id"),
      user_id: p("userId"),
      created_at: p("now"),
      last_used_at: p("now"),
      expires_at: p("expiresAt"),
      revoked_at: sql.lit(null),
      revoked_reason: sql.lit(null),
      user_agent: p("userAgent"),
      ip: p("ip"),
      auth_time: p("now"),
      amr: p("amr"),
    }),
);
export const touchSession = prepared((db, p: Params<{ sessionId: string; now: number }>) =>
  db
    .updateTable("sessions")
    .set({ last_used_at: p("now") })
    .where("id", "=", p("sessionId")),
);

/** The session rows themselves: proof, revocation, and what the revocation list is made of. */
export function createSessions(db: Db) {
  return {
    async revokeSession(sessionId: string, now: number, reason: RevokeReason): Promise<void> {
      await revokeSessions(db, [sessionId], now, reason);
    },

    /**
     * Revokes one live session of this user; false when it is not theirs or not live. A
     * `note` is recorded in the same transaction, only when something was revoked.
     */
    async revokeSessionOfUser(
      userId: string,
      sessionId: string,
      now: number,
      reason: RevokeReason,
      note?: ActivityNote,
    ): Promise<boolean> {
      return transaction(db, async (trx) => {
        const result = await trx
          .updateTable("sessions")
          .set({ revoked_at: now, revoked_reason: reason })
          .where("id", "=", sessionId)
          .where("user_id", "=", userId)
          .where("revoked_at", "is", null)
          .where("expires_at", ">", now)
          .executeTakeFirst();
        const revoked = result.numUpdatedRows === 1n;
        if (revoked && note) await recordActivity(trx, { userId, at: now, ...note });
        return revoked;
      });
    },

    /**
     * A new proof of identity in a live session (re-authentication): `auth_time` becomes
     * now. A `note` (`reauthenticated`) is recorded in the same transaction when it worked.
     */
    async renewAuth(
      sessionId: string,
      now: number,
      amr: string[],
      note?: ActivityNote & { userId: string },
    ): Promise<boolean> {
      return transaction(db, async (trx) => {
        const result = await trx
          .updateTable("sessions")
          .set({ auth_time: now, amr: JSON.stringify(amr), last_used_at: now })
          .where("id", "=", sessionId)
          .where("revoked_at", "is", null)
          .where("expires_at", ">", now)
          .executeTakeFirst();
        const renewed = result.numUpdatedRows === 1n;
        if (renewed && note) await recordActivity(trx, { at: now, ...note });
        return renewed;
      });
    },

    /** The proof of a live session, for tokens issued outside a rotation. */
    async findAuth(sessionId: string, now: number): Promise<SessionAuth | undefined> {
      const row = await db
        .selectFrom("sessions")
        .select(["created_at", "auth_time", "amr"])
        .where("id", "=", sessionId)
        .where("revoked_at", "is", null)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      return row && sessionAuth(row);
    },

    /** Revokes every live session of a user but `keep`; returns the ids it revoked. */
    async revokeAllOfUser(
      userId: string,
      now: number,
      reason: RevokeReason,
      keep?: string,
      note?: ActivityNote,
    ): Promise<string[]> {
      return transaction(db, async (trx) => {
        const ids = await revokeSessionsOfUser(trx, { userId, now, reason, keep });
        if (note) await recordActivity(trx, { userId, at: now, ...note });
        return ids;
      });
    },

    async isActive(sessionId: string, now: number): Promise<boolean> {
      const row = await db
        .selectFrom("sessions")
        .select(["revoked_at", "expires_at"])
        .where("id", "=", sessionId)
        .executeTakeFirst();
      return row !== undefined && row.revoked_at === null && row.expires_at > now;
    },

    /**
     * Sessions revoked at or after `since`: what the in-memory revocation list must hold,
     * those of deleted accounts (tombstones) included.
     */
    async listRevokedSince(since: number): Promise<Array<{ id: string; revokedAt: number }>> {
      const rows = await db
        .selectFrom("sessions")
        .select(["id", "revoked_at"])
        .where("revoked_at", ">=", since)
        .execute();
      return [
        ...rows.map((r) => ({ id: r.id, revokedAt: r.revoked_at! })),
        ...(await listTombstonesSince(db, since)),
      ];
    },

    /**
     * Deletes families that can no longer matter: expired ones, and revoked ones whose
     * access tokens have all expired (their ids are no longer needed for rejection).
     * Their refresh tokens go with them (ON DELETE CASCADE).
     */
    async deleteStale(now: number, revokedBefore: number): Promise<number> {
      const result = await db
        .deleteFrom("sessions")
        .where((eb) => eb.or([eb("expires_at", "<=", now), eb("revoked_at", "<", revokedBefore)]))
        .executeTakeFirst();
      await deleteTombstonesBefore(db, revokedBefore);
      return Number(result.numDeletedRows);
    },
  };
}

/** Sessions created before `auth_time` was stored count from their creation, by password. */
export function sessionAuth(row: {
  created_at: number;
  auth_time: number | null;
  amr: string | null;
}): SessionAuth {
  return {
    authTime: row.auth_time ?? row.created_at,
    amr: row.amr ? (JSON.parse(row.amr) as string[]) : ["pwd"],
  };
}

/** Revokes the sessions not revoked already: an ended session keeps the reason it ended for. */
export async function revokeSessions(
  db: Db,
  sessionIds: string[],
  now: number,
  reason: RevokeReason,
): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ revoked_at: now, revoked_reason: reason })
    .where("id", "in", sessionIds)
    .where("revoked_at", "is", null)
    .execute();
}

/**
 * Revokes every live session of a user, or all but `keep`, in the caller's transaction;
 * returns their ids for the revocation list. For credential events (credential-events.ts).
 */
export async function revokeSessionsOfUser(
  trx: Tx,
  input: { userId: string; now: number; reason: RevokeReason; keep?: string | undefined },
): Promise<string[]> {
  let query = trx
    .updateTable("sessions")
    .set({ revoked_at: input.now, revoked_reason: input.reason })
    .where("user_id", "=", input.userId)
    .where("revoked_at", "is", null);
  if (input.keep) query = query.where("id", "!=", input.keep);
  const rows = await query.returning("id").execute();
  return rows.map((r) => r.id);
}

import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import { prepared, type Params } from "./prepared.js";
import { transaction } from "./transaction.js";
import { recordActivity, type ActivityNote } from "./activity-store.js";
import type { Database, SessionsTable } from "./schema.js";
import { deleteTombstonesBefore, listTombstonesSince } from "./session-tombstone-store.js";
import { userById, type UserRow } from "./user-store.js";

export interface NewSession {
  id: string;
  userId: string;
  tokenHash: string;
  now: number;
  expiresAt: number;
  userAgent: string | null;
  ip: string | null;
  /** How the user proved who they are at this login (RFC 8176 `amr` values). */
  amr: string[];
  /** The event this login is in the user's activity log (`login_succeeded`, `registered`). */
  note?: ActivityNote | undefined;
}

/** When and how a session last proved a credential: the `auth_time` and `amr` of its tokens. */
export interface SessionAuth {
  authTime: number;
  amr: string[];
}

export interface RotateInput {
  tokenHash: string;
  /** Hash of the child this parent rotates into; derived from the parent, so every caller agrees. */
  childHash: string;
  now: number;
  graceMs: number;
  /** Where the request came from, recorded with a `refresh_token_reused` event on reuse. */
  context?: { ip: string | null; userAgent: string | null } | undefined;
}

export type RotateResult =
  | {
      kind: "rotated" | "grace";
      sessionId: string;
      expiresAt: number;
      user: UserRow;
      auth: SessionAuth;
    }
  | { kind: "reused"; sessionId: string; userId: string }
  | { kind: "invalid" };

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

// The two rows of every new session, prepared once (prepared.ts).
const insertSession = prepared(
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
const insertRefreshToken = prepared(
  (db, p: Params<{ tokenHash: string; sessionId: string; now: number }>) =>
    db.insertInto("refresh_tokens").values({
      token_hash: p("tokenHash"),
      session_id: p("sessionId"),
      created_at: p("now"),
      rotated_at: sql.lit(null),
      replaced_by: sql.lit(null),
    }),
);

// The statements of every refresh, prepared once (prepared.ts).
const tokenWithSession = prepared((db, p: Params<{ tokenHash: string }>) =>
  db
    .selectFrom("refresh_tokens as t")
    .innerJoin("sessions as s", "s.id", "t.session_id")
    .select([
      "t.session_id",
      "t.rotated_at",
      "t.replaced_by",
      "s.user_id",
      "s.revoked_at",
      "s.expires_at",
      "s.created_at",
      "s.auth_time",
      "s.amr",
    ])
    .where("t.token_hash", "=", p("tokenHash")),
);
const markRotated = prepared(
  (db, p: Params<{ tokenHash: string; childHash: string; now: number }>) =>
    db
      .updateTable("refresh_tokens")
      .set({ rotated_at: p("now"), replaced_by: p("childHash") })
      .where("token_hash", "=", p("tokenHash"))
      .where("rotated_at", "is", null),
);
const touchSession = prepared((db, p: Params<{ sessionId: string; now: number }>) =>
  db
    .updateTable("sessions")
    .set({ last_used_at: p("now") })
    .where("id", "=", p("sessionId")),
);

export function createSessionStore(db: Kysely<Database>) {
  return {
    async create(session: NewSession): Promise<void> {
      await transaction(db, async (trx) => {
        const { id, now } = session;
        await insertSession(trx, {
          id,
          userId: session.userId,
          now,
          expiresAt: session.expiresAt,
          userAgent: session.userAgent,
          ip: session.ip,
          amr: JSON.stringify(session.amr),
        });
        await insertRefreshToken(trx, { tokenHash: session.tokenHash, sessionId: id, now });
        if (session.note) {
          await recordActivity(trx, { userId: session.userId, at: session.now, ...session.note });
        }
      });
    },

    /**
     * One atomic step of rotation. The conditional UPDATE (`rotated_at IS NULL`) is the
     * lock: of two racing uses of one token, in one process or two, exactly one rotates it
     * and the other sees it rotated, so there is never more than one live child.
     */
    async rotate(input: RotateInput): Promise<RotateResult> {
      return transaction(db, async (trx) => {
        const found = await findToken(trx, input.tokenHash);
        if (!found || found.revoked_at !== null || found.expires_at <= input.now)
          return { kind: "invalid" };

        if (found.rotated_at === null) {
          const { tokenHash, childHash, now } = input;
          const updated = await markRotated(trx, { tokenHash, childHash, now });
          if (updated.numAffectedRows === 1n) {
            const sessionId = found.session_id;
            await insertRefreshToken(trx, { tokenHash: childHash, sessionId, now });
            await touchSession(trx, { sessionId, now });
            return {
              kind: "rotated",
              sessionId: found.session_id,
              expiresAt: found.expires_at,
              user: await userOf(trx, found.user_id),
              auth: sessionAuth(found),
            };
          }
          // Lost the race: someone rotated it a moment ago. Decide as for any rotated token.
          const again = await findToken(trx, input.tokenHash);
          if (!again || again.rotated_at === null) return { kind: "invalid" };
          found.rotated_at = again.rotated_at;
          found.replaced_by = again.replaced_by;
        }

        const withinGrace =
          input.now - found.rotated_at! <= input.graceMs && found.replaced_by === input.childHash;
        if (withinGrace && (await isLive(trx, input.childHash))) {
          return {
            kind: "grace",
            sessionId: found.session_id,
            expiresAt: found.expires_at,
            user: await userOf(trx, found.user_id),
            auth: sessionAuth(found),
          };
        }
        await revoke(trx, [found.session_id], input.now, "reuse");
        // The user sees it in their log: someone replayed an old token, and that session ended.
        await recordActivity(trx, {
          userId: found.user_id,
          type: "refresh_token_reused",
          at: input.now,
          ip: input.context?.ip ?? null,
          userAgent: input.context?.userAgent ?? null,
        });
        return { kind: "reused", sessionId: found.session_id, userId: found.user_id };
      });
    },

    /**
     * The live session and account of a refresh token that is the current one of its
     * family (not rotated, not revoked, not expired); undefined for anything else.
     */
    async findCurrentToken(
      tokenHash: string,
      now: number,
    ): Promise<{ sessionId: string; userId: string; email: string } | undefined> {
      const row = await db
        .selectFrom("refresh_tokens as t")
        .innerJoin("sessions as s", "s.id", "t.session_id")
        .innerJoin("users as u", "u.id", "s.user_id")
        .select(["t.session_id", "u.id", "u.email"])
        .where("t.token_hash", "=", tokenHash)
        .where("t.rotated_at", "is", null)
        .where("s.revoked_at", "is", null)
        .where("s.expires_at", ">", now)
        .executeTakeFirst();
      return row && { sessionId: row.session_id, userId: row.id, email: row.email };
    },

    /**
     * Why the session of a refresh token was ended, or null (unknown token, live or merely
     * expired session). Only asked after a refresh was refused, never on the way to a success.
     */
    async revokedReasonOf(tokenHash: string): Promise<RevokeReason | null> {
      const row = await db
        .selectFrom("refresh_tokens as t")
        .innerJoin("sessions as s", "s.id", "t.session_id")
        .select("s.revoked_reason")
        .where("t.token_hash", "=", tokenHash)
        .where("s.revoked_at", "is not", null)
        .executeTakeFirst();
      return (row?.revoked_reason as RevokeReason | null | undefined) ?? null;
    },

    /** The account a refresh token (any of its family) belongs to; only asked after a refusal. */
    async userOfToken(tokenHash: string): Promise<UserRow | undefined> {
      const row = await db
        .selectFrom("refresh_tokens as t")
        .innerJoin("sessions as s", "s.id", "t.session_id")
        .select("s.user_id")
        .where("t.token_hash", "=", tokenHash)
        .executeTakeFirst();
      return row && (await userById(db, { id: row.user_id })).rows[0];
    },

    /** Revokes the session a refresh token belongs to (any token of the family). */
    async revokeByTokenHash(tokenHash: string, now: number): Promise<string | undefined> {
      return transaction(db, async (trx) => {
        const found = await findToken(trx, tokenHash);
        if (!found || found.revoked_at !== null) return undefined;
        await revoke(trx, [found.session_id], now, "logout");
        return found.session_id;
      });
    },

    async revokeSession(sessionId: string, now: number, reason: RevokeReason): Promise<void> {
      await revoke(db, [sessionId], now, reason);
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
        let query = trx
          .updateTable("sessions")
          .set({ revoked_at: now, revoked_reason: reason })
          .where("user_id", "=", userId)
          .where("revoked_at", "is", null);
        if (keep) query = query.where("id", "!=", keep);
        const rows = await query.returning("id").execute();
        if (note) await recordActivity(trx, { userId, at: now, ...note });
        return rows.map((r) => r.id);
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

export type SessionStore = ReturnType<typeof createSessionStore>;

type Db = Kysely<Database> | Transaction<Database>;

async function findToken(trx: Db, tokenHash: string) {
  return (await tokenWithSession(trx, { tokenHash })).rows[0];
}

/** Sessions created before `auth_time` was stored count from their creation, by password. */
function sessionAuth(row: {
  created_at: number;
  auth_time: number | null;
  amr: string | null;
}): SessionAuth {
  return {
    authTime: row.auth_time ?? row.created_at,
    amr: row.amr ? (JSON.parse(row.amr) as string[]) : ["pwd"],
  };
}

async function isLive(trx: Db, tokenHash: string): Promise<boolean> {
  const row = await trx
    .selectFrom("refresh_tokens")
    .select("rotated_at")
    .where("token_hash", "=", tokenHash)
    .executeTakeFirst();
  return row !== undefined && row.rotated_at === null;
}

async function userOf(trx: Db, userId: string): Promise<UserRow> {
  const user = (await userById(trx, { id: userId })).rows[0];
  // A session's user is there while the session is: the foreign key cascades.
  if (user === undefined) throw new Error(`no user ${userId} for a live session`);
  return user;
}

async function revoke(
  trx: Db,
  sessionIds: string[],
  now: number,
  reason: RevokeReason,
): Promise<void> {
  await trx
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
  trx: Transaction<Database>,
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
  db: Kysely<Database>,
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
export async function listAllSessionsOf(
  db: Kysely<Database>,
  userId: string,
): Promise<SessionView[]> {
  return db
    .selectFrom("sessions")
    .select(SESSION_VIEW)
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .execute();
}

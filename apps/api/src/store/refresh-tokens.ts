import { sql } from "kysely";
import { recordActivity } from "./activity-store.js";
import type { Db } from "./db.js";
import { prepared, type Params } from "./prepared.js";
import {
  revokeSessions,
  sessionAuth,
  touchSession,
  type RevokeReason,
  type SessionAuth,
} from "./sessions.js";
import { transaction } from "./transaction.js";
import { userById, type UserRow } from "./user-store.js";

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

// The first token of every session and the statements of every refresh, prepared once
// (prepared.ts).
export const insertRefreshToken = prepared(
  (db, p: Params<{ tokenHash: string; sessionId: string; now: number }>) =>
    db.insertInto("refresh_tokens").values({
      token_hash: p("tokenHash"),
      session_id: p("sessionId"),
      created_at: p("now"),
      rotated_at: sql.lit(null),
      replaced_by: sql.lit(null),
    }),
);
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

/** A session's family of refresh tokens: rotation, reuse detection, and what a refusal asks. */
export function createRefreshTokens(db: Db) {
  return {
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
        await revokeSessions(trx, [found.session_id], input.now, "reuse");
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
        await revokeSessions(trx, [found.session_id], now, "logout");
        return found.session_id;
      });
    },
  };
}

async function findToken(trx: Db, tokenHash: string) {
  return (await tokenWithSession(trx, { tokenHash })).rows[0];
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

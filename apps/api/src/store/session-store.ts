import { recordActivity, type ActivityNote } from "./activity-store.js";
import type { Db } from "./db.js";
import { createRefreshTokens, insertRefreshToken } from "./refresh-tokens.js";
import { createSessions, insertSession } from "./sessions.js";
import { transaction } from "./transaction.js";

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

/**
 * Sessions as the session service uses them: the session rows (sessions.ts) and their
 * refresh tokens (refresh-tokens.ts) behind one object. What the security page lists of
 * them is in session-listings.ts.
 */
export function createSessionStore(db: Db) {
  return {
    /** A new session and the first refresh token of its family, with the login's event. */
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
    ...createSessions(db),
    ...createRefreshTokens(db),
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;

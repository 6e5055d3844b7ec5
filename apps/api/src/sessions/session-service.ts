import { randomUUID, type KeyObject } from "node:crypto";
import type { AuthResponse } from "@jwt-auth/shared";
import { issueAccessToken, type TokenSettings } from "../auth/issue-access-token.js";
import type { KeyRing } from "../auth/key-ring.js";
import { AppError } from "../http/app-error.js";
import type { RevokeReason, SessionStore } from "../store/session-store.js";
import type { UserRow } from "../store/user-store.js";
import { toUserProfile } from "../users/user-profile.js";
import {
  childRefreshToken,
  hashRefreshToken,
  looksLikeRefreshToken,
  newRefreshToken,
} from "./refresh-token.js";
import type { RevocationFeed } from "./revocation-feed.js";
import type { RevocationList } from "./revocation-list.js";

export interface SessionServiceDeps {
  sessions: SessionStore;
  revocations: RevocationList;
  feed: RevocationFeed;
  keys: KeyRing;
  rotationKey: KeyObject;
  tokens: TokenSettings;
  refreshTtlSeconds: number;
  reuseGraceSeconds: number;
  now: () => number;
}

export interface IssuedSession {
  auth: AuthResponse;
  refreshToken: string;
  refreshExpiresAt: number;
}

/**
 * Sessions are refresh-token families. Login starts one; each refresh rotates its token;
 * a rotated token coming back after the grace window means it was stolen, so the family
 * ends. Ending a session (or all of a user's) records it in the store, adds its id to the
 * in-memory revocation list and tells the other instances through the feed.
 */
export function createSessionService(deps: SessionServiceDeps) {
  const respond = (
    user: UserRow,
    sessionId: string,
    refreshToken: string,
    refreshExpiresAt: number,
  ): IssuedSession => {
    const { token, expiresIn } = issueAccessToken(
      deps.keys,
      deps.tokens,
      user,
      sessionId,
      deps.now(),
    );
    return {
      auth: { accessToken: token, tokenType: "Bearer", expiresIn, user: toUserProfile(user) },
      refreshToken,
      refreshExpiresAt,
    };
  };

  const revoked = async (sessionIds: string[], revokedAt: number) => {
    if (sessionIds.length === 0) return;
    deps.revocations.add(sessionIds, revokedAt);
    await deps.feed.publish({ sessionIds, revokedAt });
  };

  return {
    async start(user: UserRow, userAgent: string | undefined): Promise<IssuedSession> {
      const now = deps.now();
      const sessionId = randomUUID();
      const refreshToken = newRefreshToken();
      const expiresAt = now + deps.refreshTtlSeconds * 1000;
      await deps.sessions.create({
        id: sessionId,
        userId: user.id,
        tokenHash: hashRefreshToken(refreshToken),
        now,
        expiresAt,
        userAgent: userAgent?.slice(0, 256) ?? null,
      });
      return respond(user, sessionId, refreshToken, expiresAt);
    },

    async refresh(presented: unknown): Promise<IssuedSession> {
      if (!looksLikeRefreshToken(presented)) throw new AppError(401, "invalid_refresh_token");
      const now = deps.now();
      const child = childRefreshToken(presented, deps.rotationKey);
      const result = await deps.sessions.rotate({
        tokenHash: hashRefreshToken(presented),
        childHash: hashRefreshToken(child),
        now,
        graceMs: deps.reuseGraceSeconds * 1000,
      });
      if (result.kind === "reused") await revoked([result.sessionId], now);
      if (result.kind === "reused" || result.kind === "invalid")
        throw new AppError(401, "invalid_refresh_token");
      return respond(result.user, result.sessionId, child, result.expiresAt);
    },

    /**
     * The session a presented refresh token keeps alive, when it is the current token of a
     * live session of `email`'s account: proof that this browser has logged in as them.
     */
    async liveSessionOf(presented: unknown, email: string): Promise<string | undefined> {
      if (!looksLikeRefreshToken(presented)) return undefined;
      const current = await deps.sessions.findCurrentToken(hashRefreshToken(presented), deps.now());
      return current?.email === email ? current.sessionId : undefined;
    },

    /** Ends the session of a refresh token and/or an access token's `sid`; never fails. */
    async logout(presented: unknown, accessSessionId: string | undefined): Promise<void> {
      const now = deps.now();
      const ended: string[] = [];
      if (looksLikeRefreshToken(presented)) {
        const sid = await deps.sessions.revokeByTokenHash(hashRefreshToken(presented), now);
        if (sid) ended.push(sid);
      }
      if (accessSessionId && !ended.includes(accessSessionId)) {
        await deps.sessions.revokeSession(accessSessionId, now, "logout");
        ended.push(accessSessionId);
      }
      await revoked(ended, now);
    },

    /** Ends every session of a user except `keep` (the one changing the password). */
    async endAllOf(userId: string, reason: RevokeReason, keep?: string): Promise<void> {
      const now = deps.now();
      await revoked(await deps.sessions.revokeAllOfUser(userId, now, reason, keep), now);
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;

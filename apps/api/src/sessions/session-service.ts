import { randomUUID, type KeyObject } from "node:crypto";
import type { AuthResponse } from "@jwt-auth/shared";
import {
  issueAccessToken,
  type AccessTokenAuth,
  type TokenSettings,
} from "../auth/issue-access-token.js";
import type { KeyRing } from "../auth/key-ring.js";
import { DomainError } from "../errors/domain-error.js";
import type { ActivityType, SessionEndReason } from "@jwt-auth/shared";
import type { RequestContext } from "../http/request-context.js";
import type { Metrics } from "../metrics/metrics.js";
import type { ActivityNote } from "../store/activity-store.js";
import type { SessionStore } from "../store/session-store.js";
import type { RevokeReason } from "../store/sessions.js";
import type { KnownUser } from "../store/user-store.js";
import { toUserProfile } from "../store/user-profile.js";
import { lockOf, accountLocked } from "../auth/account-lock.js";
import { rolesOf } from "../store/roles.js";
import {
  childRefreshToken,
  hashRefreshToken,
  looksLikeRefreshToken,
  newRefreshToken,
} from "./refresh-token.js";
import type { RevocationFeed } from "../store/revocation-feed.js";
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
  /** Counts refreshes by outcome and the sessions ended. */
  metrics?: Pick<Metrics, "refresh" | "sessionsRevoked">;
  /** Told when a rotated refresh token came back and its session was ended (for the activity log). */
  onReuse?: (userId: string, sessionId: string, at: number) => Promise<void>;
}

export interface IssuedSession {
  auth: AuthResponse;
  refreshToken: string;
  refreshExpiresAt: number;
}

/** Where a login comes from and how the user proved who they are. */
export interface LoginContext {
  userAgent: string | null;
  ip: string | null;
  /** RFC 8176 method values: `["pwd"]`, `["pwd","mfa","otp"]`, `["hwk","user"]`, `["fed"]`. */
  amr: string[];
  /** How the activity log names this start; `login_succeeded` unless told (`registered`). */
  event?: ActivityType;
}

/**
 * Sessions are refresh-token families. Login starts one; each refresh rotates its token;
 * a rotated token coming back after the grace window means it was stolen, so the family
 * ends. Ending a session (or all of a user's) records it in the store, adds its id to the
 * in-memory revocation list and tells the other instances through the feed.
 */
export function createSessionService(deps: SessionServiceDeps) {
  const authResponse = (
    user: KnownUser,
    sessionId: string,
    auth: AccessTokenAuth,
  ): AuthResponse => {
    const profile = toUserProfile(user);
    const { token, expiresIn } = issueAccessToken(
      deps.keys,
      deps.tokens,
      {
        id: user.id,
        email: user.email,
        name: user.name,
        emailVerified: profile.emailVerified,
        roles: rolesOf(user),
      },
      sessionId,
      auth,
      deps.now(),
    );
    return { accessToken: token, tokenType: "Bearer", expiresIn, user: profile };
  };

  const revoked = async (sessionIds: string[], revokedAt: number) => {
    if (sessionIds.length === 0) return;
    deps.metrics?.sessionsRevoked(sessionIds.length);
    deps.revocations.add(sessionIds, revokedAt);
    await deps.feed.publish({ sessionIds, revokedAt });
  };

  return {
    /**
     * A user's roles changed (committed): every instance refuses, from now on, that user's
     * access tokens claiming a role outside `roles`, and keeps their sessions.
     */
    async announceRoles(userId: string, roles: string[], at: number): Promise<void> {
      deps.revocations.setRoles(userId, roles, at);
      await deps.feed.publish({ sessionIds: [], revokedAt: at, roleChanges: [{ userId, roles }] });
    },

    /**
     * Sessions a credential event ended in its transaction (credential-events.ts), once
     * committed: rejected at once here and, through the feed, on every instance.
     */
    announceRevoked: revoked,

    async start(user: KnownUser, login: LoginContext): Promise<IssuedSession> {
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
        userAgent: login.userAgent?.slice(0, 256) ?? null,
        ip: login.ip,
        amr: login.amr,
        note: { type: login.event ?? "login_succeeded", ip: login.ip, userAgent: login.userAgent },
      });
      return {
        auth: authResponse(user, sessionId, { authTime: now, amr: login.amr }),
        refreshToken,
        refreshExpiresAt: expiresAt,
      };
    },

    /**
     * The user proved who they are again inside a live session: the session's `auth_time`
     * becomes now, and a new access token of the same session carries it.
     */
    async reauthenticate(
      user: KnownUser,
      sessionId: string,
      amr: string[],
      context?: RequestContext,
    ): Promise<AuthResponse> {
      const now = deps.now();
      const note = context && { userId: user.id, type: "reauthenticated" as const, ...context };
      if (!(await deps.sessions.renewAuth(sessionId, now, amr, note))) {
        throw new DomainError("token_revoked");
      }
      return authResponse(user, sessionId, { authTime: now, amr });
    },

    /** A new access token for a live session, keeping its proof (after a change to the user). */
    async reissue(user: KnownUser, sessionId: string): Promise<AuthResponse> {
      const auth = await deps.sessions.findAuth(sessionId, deps.now());
      if (!auth) throw new DomainError("token_revoked");
      return authResponse(user, sessionId, auth);
    },

    async refresh(presented: unknown, context?: RequestContext): Promise<IssuedSession> {
      if (!looksLikeRefreshToken(presented)) {
        deps.metrics?.refresh("failure");
        throw new DomainError("invalid_refresh_token");
      }
      const now = deps.now();
      const child = childRefreshToken(presented, deps.rotationKey);
      const result = await deps.sessions.rotate({
        tokenHash: hashRefreshToken(presented),
        childHash: hashRefreshToken(child),
        now,
        graceMs: deps.reuseGraceSeconds * 1000,
        context,
      });
      if (result.kind === "reused") await revoked([result.sessionId], now);
      if (result.kind === "reused") await deps.onReuse?.(result.userId, result.sessionId, now);
      if (result.kind === "reused" || result.kind === "invalid") {
        deps.metrics?.refresh(result.kind === "reused" ? "reuse" : "failure");
        const refused = new DomainError("invalid_refresh_token");
        refused.reason =
          result.kind === "reused"
            ? "refresh_reuse"
            : endReason(await deps.sessions.revokedReasonOf(hashRefreshToken(presented)));
        // A session the lock ended answers what every way in answers while the lock holds.
        if (refused.reason === "account_locked") {
          const owner = await deps.sessions.userOfToken(hashRefreshToken(presented));
          const lock = owner && lockOf(owner, now);
          if (lock) throw accountLocked(lock);
        }
        throw refused;
      }
      // A session that slipped past the lock (started as it was being set) ends here.
      const lock = lockOf(result.user, now);
      if (lock) throw accountLocked(lock);
      deps.metrics?.refresh("success");
      return {
        auth: authResponse(result.user, result.sessionId, result.auth),
        refreshToken: child,
        refreshExpiresAt: result.expiresAt,
      };
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

    /** The live session a presented refresh token is the current token of, and its user. */
    async currentSessionOf(
      presented: unknown,
    ): Promise<{ sessionId: string; userId: string } | undefined> {
      if (!looksLikeRefreshToken(presented)) return undefined;
      const current = await deps.sessions.findCurrentToken(hashRefreshToken(presented), deps.now());
      return current && { sessionId: current.sessionId, userId: current.userId };
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

    /** Ends every session of a user except `keep` (the one changing the password); returns how many. */
    async endAllOf(
      userId: string,
      reason: RevokeReason,
      keep?: string,
      note?: ActivityNote,
    ): Promise<number> {
      const now = deps.now();
      const ended = await deps.sessions.revokeAllOfUser(userId, now, reason, keep, note);
      await revoked(ended, now);
      return ended.length;
    },

    /** Ends one session of this user, at once on every instance; false when it is not theirs or not live. */
    async endSession(
      userId: string,
      sessionId: string,
      reason: RevokeReason,
      note?: ActivityNote,
    ): Promise<boolean> {
      const now = deps.now();
      if (!(await deps.sessions.revokeSessionOfUser(userId, sessionId, now, reason, note)))
        return false;
      await revoked([sessionId], now);
      return true;
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;

/** What a client is told about a session the server ended (a logout of its own says nothing). */
function endReason(reason: RevokeReason | null): SessionEndReason | undefined {
  switch (reason) {
    case "logout_all":
      return "logout_all";
    case "password_change":
    case "password_reset":
      return "password_changed";
    case "reuse":
      return "refresh_reuse";
    case "revoked":
    case "revoke_others":
    case "account_deleted":
    case "email_change_cancelled":
    case "mfa_reset":
      return "session_revoked";
    case "account_locked":
      return "account_locked";
    default:
      return undefined;
  }
}

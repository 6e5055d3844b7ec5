import { randomUUID } from "node:crypto";
import { CURRENT_PASSWORD_REQUIRED, type UserProfile } from "@jwt-auth/shared";
import type { PasswordHasher } from "../auth/password-hasher.js";
import type { CredentialEvents } from "../credentials/credential-events.js";
import { DomainError, fieldError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import type { IssuedSession, SessionService } from "../sessions/session-service.js";
import {
  createUserStore,
  EmailTakenError,
  type UserRow,
  type UserStore,
} from "../store/user-store.js";
import { toUserProfile } from "../store/user-profile.js";
import { assertPasswordAllowed } from "./password-policy.js";

export interface UserServiceDeps {
  users: UserStore;
  sessions: SessionService;
  credentials: CredentialEvents;
  hasher: PasswordHasher;
  now: () => number;
  /** Names the app in the notice mail. */
  appName: string;
  /** Runs once the account exists, before its first session (the verification mail). */
  afterRegister?: (user: UserRow, context: RequestContext) => Promise<void>;
}

/**
 * The account itself: creating it, reading and changing it. Route handlers call these and
 * only translate HTTP; failures are DomainErrors with a stable code.
 */
export function createUserService(deps: UserServiceDeps) {
  const existing = async (userId: string): Promise<UserRow> => {
    const user = await deps.users.findById(userId);
    // A valid token whose account is gone (deleted since it was issued) proves nothing.
    if (!user) throw new DomainError("token_invalid", "The account of this token no longer exists");
    return user;
  };

  return {
    existing,

    async register(
      input: { email: string; password: string; name: string },
      context: RequestContext,
    ): Promise<IssuedSession> {
      await assertPasswordAllowed(input.password, input.email, "password");
      // Hash before looking at the email: a taken address costs the same time as a free one.
      const passwordHash = await deps.hasher.hash(input.password);
      let user: UserRow;
      try {
        user = await deps.users.insert({
          id: randomUUID(),
          email: input.email,
          name: input.name,
          passwordHash,
          now: deps.now(),
        });
      } catch (err) {
        if (err instanceof EmailTakenError) throw new DomainError("email_taken");
        throw err;
      }
      await deps.afterRegister?.(user, context);
      return deps.sessions.start(user, { ...context, amr: ["pwd"], event: "registered" });
    },

    async profile(userId: string): Promise<UserProfile> {
      return toUserProfile(await existing(userId));
    },

    async rename(userId: string, name: string): Promise<UserProfile> {
      const user = await deps.users.updateName(userId, name, deps.now());
      if (!user)
        throw new DomainError("token_invalid", "The account of this token no longer exists");
      return toUserProfile(user);
    },

    /**
     * Checks the current password and stores the new one: a credential event, so every other
     * session ends (the one that made the change stays), pending links and second steps die
     * and the notice goes out. An account created through a provider has no password to
     * check: it sets its first one after a recent sign-in instead (`assertFresh` throws when
     * it is not).
     */
    async changePassword(
      userId: string,
      sessionId: string,
      input: { currentPassword?: string | undefined; newPassword: string },
      assertFresh: () => void,
      context: RequestContext,
    ): Promise<void> {
      const user = await existing(userId);
      if (user.password_hash === "") assertFresh();
      await assertPasswordAllowed(input.newPassword, user.email, "newPassword");
      if (user.password_hash !== "") {
        if (input.currentPassword === undefined)
          throw fieldError("currentPassword", CURRENT_PASSWORD_REQUIRED);
        if (!(await deps.hasher.verify(user.password_hash, input.currentPassword))) {
          throw new DomainError("invalid_credentials", "The current password is not correct");
        }
      }
      const passwordHash = await deps.hasher.hash(input.newPassword);
      await deps.credentials.commit("password_changed", {
        userId,
        sessionId,
        context,
        change: (trx, _user, now) =>
          createUserStore(trx).updatePasswordHash(userId, passwordHash, now),
      });
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;

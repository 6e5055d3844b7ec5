import type { MfaRequiredResponse } from "@jwt-auth/shared";
import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import type { IssuedSession, SessionService } from "./session-service.js";
import type { KnownUser } from "../store/user-store.js";

/** The ways in. Each ends in `signIn` once its own credential checked out. */
export type SignInMethod = "password" | "passkey" | "oidc" | "mfa";

/** The first factors that leave a second step to take when TOTP is on (RFC 8176 values). */
export type FirstFactor = "pwd" | "fed";

export type SignInOutcome =
  | { kind: "session"; issued: IssuedSession }
  | { kind: "second_factor"; challenge: MfaRequiredResponse };

export interface SignInDeps {
  sessions: Pick<SessionService, "start">;
  /**
   * May this account sign in now? Throws a DomainError (`account_locked`) when it may not.
   * Asked on every way in, the second step included.
   */
  admit?: (user: KnownUser) => Promise<void>;
  /** The second-factor policy's half that lives with TOTP (mfa-feature.ts). */
  secondFactor?: {
    isRequired(userId: string): Promise<boolean>;
    begin(userId: string, firstFactor: FirstFactor): Promise<MfaRequiredResponse>;
  };
  /**
   * Told of each way in's outcome here, for the metrics: `success` once the credential is
   * accepted (a session, or the code step it leads to), `locked` when the account may not.
   */
  onOutcome?: (method: SignInMethod, result: "success" | "locked") => void;
}

export interface SignInAttempt {
  method: SignInMethod;
  /** What the credential proved (RFC 8176): `["pwd"]`, `["hwk","user"]`, `["fed"]`, … */
  amr: string[];
  context: RequestContext;
}

/**
 * One function every way in ends in, once its own credential checked out: it asks whether
 * the account may sign in at all (a lock), applies the second-factor policy (a password or
 * a provider login on an account with TOTP on gets the code step instead of a session; a
 * passkey with user verification is already two factors; the code step itself completes
 * one) and starts the session. A rule here holds for every way in by construction.
 */
export function createSignIn(deps: SignInDeps) {
  return async function signIn(user: KnownUser, attempt: SignInAttempt): Promise<SignInOutcome> {
    try {
      await deps.admit?.(user);
    } catch (err) {
      if (err instanceof DomainError && err.code === "account_locked") {
        deps.onOutcome?.(attempt.method, "locked");
      }
      throw err;
    }
    const first = firstFactorOf(attempt);
    if (first && (await deps.secondFactor?.isRequired(user.id))) {
      const challenge = await deps.secondFactor!.begin(user.id, first);
      deps.onOutcome?.(attempt.method, "success");
      return { kind: "second_factor", challenge };
    }
    let issued: IssuedSession;
    try {
      issued = await deps.sessions.start(user, { ...attempt.context, amr: attempt.amr });
    } catch (err) {
      // The account was deleted between its check and its session: nothing to sign in to.
      if (isMissingUser(err)) throw new DomainError("invalid_credentials");
      throw err;
    }
    deps.onOutcome?.(attempt.method, "success");
    return { kind: "session", issued };
  };
}

export type SignIn = ReturnType<typeof createSignIn>;

function firstFactorOf(attempt: SignInAttempt): FirstFactor | undefined {
  if (attempt.method === "password") return "pwd";
  if (attempt.method === "oidc") return "fed";
  return undefined;
}

/** A foreign-key failure: the session's user row is gone (PostgreSQL 23503, SQLite's code). */
function isMissingUser(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "23503" || code === "SQLITE_CONSTRAINT_FOREIGNKEY";
}

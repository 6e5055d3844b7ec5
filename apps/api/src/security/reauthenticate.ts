import type { AuthResponse } from "@jwt-auth/shared";
import type { Kysely } from "kysely";
import type { PasswordHasher } from "../auth/password-hasher.js";
import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import type { SessionService } from "../sessions/session-service.js";
import { recordActivity } from "../store/activity-store.js";
import type { Database } from "../store/schema.js";
import type { UserRow } from "../store/user-store.js";

/**
 * Checks a TOTP or backup code for step-up. Provided by the second-factor feature; without
 * it, a `code` is never accepted. Resolves to the RFC 8176 `amr` values the code proves
 * (e.g. `["otp"]`), or null when the code is wrong.
 */
export type SecondFactorVerifier = (
  userId: string,
  code: string,
  context: RequestContext,
) => Promise<string[] | null>;

export interface ReauthenticateDeps {
  db: Kysely<Database>;
  hasher: PasswordHasher;
  sessions: SessionService;
  existing: (userId: string) => Promise<UserRow>;
  verifySecondFactor?: SecondFactorVerifier | undefined;
  now: () => number;
}

/**
 * Step-up: the user proves a credential again inside their live session, and gets a new
 * access token of the same session whose `auth_time` is now (RFC 9470). The session row
 * keeps the new time, so later refreshes carry it too.
 */
export async function reauthenticate(
  deps: ReauthenticateDeps,
  caller: { id: string; sid: string },
  input: { password?: string | undefined; code?: string | undefined },
  context: RequestContext,
): Promise<AuthResponse> {
  const user = await deps.existing(caller.id);
  const amr = await proof(deps, user, input, context);
  const auth = await deps.sessions.reauthenticate(user, caller.sid, amr);
  await recordActivity(deps.db, {
    userId: user.id,
    type: "reauthenticated",
    at: deps.now(),
    ...context,
  });
  return auth;
}

async function proof(
  deps: ReauthenticateDeps,
  user: UserRow,
  input: { password?: string | undefined; code?: string | undefined },
  context: RequestContext,
): Promise<string[]> {
  if (input.password !== undefined) {
    if (await deps.hasher.verify(user.password_hash, input.password)) return ["pwd"];
    throw new DomainError("invalid_credentials", "The password is not correct");
  }
  const amr = deps.verifySecondFactor
    ? await deps.verifySecondFactor(user.id, input.code ?? "", context)
    : null;
  if (amr) return amr;
  throw new DomainError("invalid_mfa_code");
}

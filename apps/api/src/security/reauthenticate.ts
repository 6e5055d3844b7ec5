import type { AuthResponse, ReauthenticateRequest } from "@jwt-auth/shared";
import type { PasswordHasher } from "../auth/password-hasher.js";
import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import type { SessionService } from "../sessions/session-service.js";
import { recordActivity } from "../store/activity-store.js";
import type { Db } from "../store/db.js";
import type { UserRow } from "../store/user-store.js";

/**
 * What the second-factor feature lends step-up: whether the account has TOTP on, a TOTP or
 * backup code check (spent on the way; the `amr` it proves, or null), and a passkey
 * assertion check (the id of the user whose passkey signed). Without the feature, only the
 * password is accepted.
 */
export interface StepUpFactors {
  totpEnabled(userId: string): Promise<boolean>;
  verifyCode(userId: string, code: string, context: RequestContext): Promise<string[] | null>;
  verifyPasskey(challengeId: string, response: unknown): Promise<string>;
}

export interface ReauthenticateDeps {
  db: Db;
  hasher: PasswordHasher;
  sessions: SessionService;
  existing: (userId: string) => Promise<UserRow>;
  factors?: StepUpFactors | undefined;
  now: () => number;
}

/** RFC 8176 values for what step-up proved. */
const PASSWORD_AMR = ["pwd"];
const PASSKEY_AMR = ["hwk", "user"];

/**
 * Step-up: the user proves a credential again inside their live session, and gets a new
 * access token of the same session whose `auth_time` is now (RFC 9470). It asks for what
 * the login asks for: with TOTP on, a code or a passkey, never the password alone (a
 * stolen access token plus a phished password must not reach the dangerous actions). A
 * passkey of the account is always enough. The session row keeps the new time, so later
 * refreshes carry it too.
 */
export async function reauthenticate(
  deps: ReauthenticateDeps,
  caller: { id: string; sid: string },
  input: ReauthenticateRequest,
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
  input: ReauthenticateRequest,
  context: RequestContext,
): Promise<string[]> {
  if (input.passkey !== undefined) {
    const { challengeId, response } = input.passkey;
    const owner = await deps.factors?.verifyPasskey(challengeId, response).catch(() => undefined);
    if (owner === user.id) return PASSKEY_AMR;
    throw new DomainError("invalid_credentials", "The passkey is not one of this account's");
  }
  if (input.password !== undefined) {
    // Asked before the password is checked, so the answer never tells whether it was right.
    if (await deps.factors?.totpEnabled(user.id)) {
      throw new DomainError("mfa_required", "Enter a code from your authenticator app instead");
    }
    // An account without a password (created through a provider) has an empty hash, which
    // verifies nothing (the hasher checks the dummy hash instead, in the same time).
    if (!(await deps.hasher.verify(user.password_hash || undefined, input.password))) {
      throw new DomainError("invalid_credentials", "The password is not correct");
    }
    return PASSWORD_AMR;
  }
  const amr = deps.factors
    ? await deps.factors.verifyCode(user.id, input.code ?? "", context)
    : null;
  if (amr) return amr;
  throw new DomainError("invalid_mfa_code");
}

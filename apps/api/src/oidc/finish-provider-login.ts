import type { SignIn, SignInOutcome } from "../sessions/sign-in.js";
import type { CredentialEvents } from "../credentials/credential-events.js";
import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import type { SessionService } from "../sessions/session-service.js";
import { createIdentityStore } from "../store/identity-store.js";
import type { Db } from "../store/db.js";
import { createUserStore } from "../store/user-store.js";
import type { FlowState } from "./flow-cookie.js";
import { linkIdentity } from "./link-identity.js";
import type { ProviderClaims } from "./oidc-strategy.js";
import { signInWithIdentity } from "./sign-in-with-identity.js";

export interface FinishProviderLoginDeps {
  db: Db;
  sessions: SessionService;
  credentials: CredentialEvents;
  signIn: SignIn;
  /** Whether the account has TOTP on: a provider's word is not enough for step-up then. */
  totpEnabled: (userId: string) => Promise<boolean>;
  now: () => number;
}

/** What a flow ended in: nothing to add (a link, a step-up), or the one way in's outcome. */
export type ProviderFlowOutcome = { kind: "done" } | SignInOutcome;

/**
 * What a verified ID token does at the end of a flow:
 * - a link flow links the identity to the account that asked (its browser keeps its session);
 * - a step-up flow renews `auth_time` of the browser's session when the identity is one of
 *   that account's own (and the account has no TOTP, which step-up would ask for instead);
 * - a login flow finds or creates the account and ends in the one way in, like every other
 *   login: the lock, then the second step when TOTP is on, else a session with `amr: ["fed"]`.
 * Refusals are DomainErrors with an `oidc_*` code (or `not_found`, `mfa_required`).
 */
export async function finishProviderLogin(
  deps: FinishProviderLoginDeps,
  flow: FlowState,
  claims: ProviderClaims,
  context: RequestContext,
): Promise<ProviderFlowOutcome> {
  if (flow.linkUserId) {
    await linkIdentity(deps, flow.linkUserId, claims, context);
    return { kind: "done" };
  }
  if (flow.reauth) {
    await stepUp(deps, flow.reauth, claims, context);
    return { kind: "done" };
  }
  const user = await signInWithIdentity(deps, claims, context);
  return deps.signIn(user, { method: "oidc", amr: ["fed"], context });
}

async function stepUp(
  deps: FinishProviderLoginDeps,
  reauth: { userId: string; sessionId: string },
  claims: ProviderClaims,
  context: RequestContext,
): Promise<void> {
  const identity = await createIdentityStore(deps.db).findBySubject(claims.issuer, claims.subject);
  if (identity?.user_id !== reauth.userId) {
    throw new DomainError("oidc_failed", "that identity is not one of this account's");
  }
  if (await deps.totpEnabled(reauth.userId)) throw new DomainError("mfa_required");
  const user = await createUserStore(deps.db).findById(reauth.userId);
  if (!user) throw new DomainError("oidc_failed", "the account is gone");
  await deps.sessions.reauthenticate(user, reauth.sessionId, ["fed"], context);
}

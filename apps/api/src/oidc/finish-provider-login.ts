import type { Kysely } from "kysely";
import type { RequestContext } from "../http/request-context.js";
import type { IssuedSession, SessionService } from "../sessions/session-service.js";
import type { Database } from "../store/schema.js";
import type { FlowState } from "./flow-cookie.js";
import { linkIdentity } from "./link-identity.js";
import type { ProviderClaims } from "./oidc-strategy.js";
import { signInWithIdentity } from "./sign-in-with-identity.js";

export interface FinishProviderLoginDeps {
  db: Kysely<Database>;
  sessions: SessionService;
  now: () => number;
}

/**
 * What a verified ID token does at the end of a flow: a link flow links the identity to the
 * account that asked (its browser keeps its session); a login flow finds or creates the
 * account and starts a session like a password login, with `amr: ["fed"]` and `auth_time`
 * now. Refusals are DomainErrors with an `oidc_*` code (or `not_found`).
 */
export async function finishProviderLogin(
  deps: FinishProviderLoginDeps,
  flow: FlowState,
  claims: ProviderClaims,
  context: RequestContext,
): Promise<IssuedSession | undefined> {
  if (flow.linkUserId) {
    await linkIdentity(deps, flow.linkUserId, claims, context);
    return undefined;
  }
  const user = await signInWithIdentity(deps, claims, context);
  return deps.sessions.start(user, { ...context, amr: ["fed"] });
}

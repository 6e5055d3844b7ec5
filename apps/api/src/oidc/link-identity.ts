import { randomUUID } from "node:crypto";
import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import type { CredentialEvents } from "../credentials/credential-events.js";
import { createIdentityStore, IdentityTakenError } from "../store/identity-store.js";
import type { Db } from "../store/db.js";
import type { ProviderClaims } from "./oidc-strategy.js";

/**
 * Links a verified provider identity to the account that asked for it from its security
 * page (with a fresh login). An identity already linked to this account is a no-op; one
 * linked to another account stays where it is, and the answer says so
 * (`oidc_identity_taken`).
 */
export async function linkIdentity(
  deps: { db: Db; credentials: CredentialEvents },
  userId: string,
  claims: ProviderClaims,
  context: RequestContext,
): Promise<void> {
  const identities = createIdentityStore(deps.db);
  const existing = await identities.findBySubject(claims.issuer, claims.subject);
  if (existing?.user_id === userId) return;
  if (existing) throw new DomainError("oidc_identity_taken");
  try {
    await deps.credentials.commit("identity_linked", {
      userId,
      context,
      change: (trx, _user, now) =>
        createIdentityStore(trx).insert({
          id: randomUUID(),
          user_id: userId,
          issuer: claims.issuer,
          subject: claims.subject,
          email: claims.email?.toLowerCase() ?? null,
          linked_at: now,
        }),
    });
  } catch (err) {
    if (err instanceof IdentityTakenError) throw new DomainError("oidc_identity_taken");
    // The account was deleted while its owner was away at the provider.
    if (err instanceof DomainError && err.code === "not_found") {
      throw new DomainError("oidc_failed", "the account is gone");
    }
    throw err;
  }
}

import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import { recordActivity } from "../store/activity-store.js";
import { createIdentityStore, IdentityTakenError } from "../store/identity-store.js";
import type { Database } from "../store/schema.js";
import { createUserStore } from "../store/user-store.js";
import type { ProviderClaims } from "./oidc-strategy.js";

/**
 * Links a verified provider identity to the account that asked for it from its security
 * page (with a fresh login). An identity already linked to this account is a no-op; one
 * linked to another account stays where it is.
 */
export async function linkIdentity(
  deps: { db: Kysely<Database>; now: () => number },
  userId: string,
  claims: ProviderClaims,
  context: RequestContext,
): Promise<void> {
  const identities = createIdentityStore(deps.db);
  const existing = await identities.findBySubject(claims.issuer, claims.subject);
  if (existing?.user_id === userId) return;
  if (existing)
    throw new DomainError("oidc_identity_taken", "that identity is linked to another account");
  // The account may have been deleted while its owner was away at the provider.
  if (!(await createUserStore(deps.db).findById(userId))) {
    throw new DomainError("oidc_failed", "the account is gone");
  }
  const now = deps.now();
  try {
    await deps.db.transaction().execute(async (trx) => {
      await createIdentityStore(trx).insert({
        id: randomUUID(),
        user_id: userId,
        issuer: claims.issuer,
        subject: claims.subject,
        email: claims.email?.toLowerCase() ?? null,
        linked_at: now,
      });
      await recordActivity(trx, { userId, type: "identity_linked", at: now, ...context });
    });
  } catch (err) {
    if (err instanceof IdentityTakenError) {
      throw new DomainError("oidc_identity_taken", "that identity is linked to another account");
    }
    throw err;
  }
}

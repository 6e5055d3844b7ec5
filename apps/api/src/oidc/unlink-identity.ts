import type { Kysely } from "kysely";
import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import { recordActivity } from "../store/activity-store.js";
import { createIdentityStore } from "../store/identity-store.js";
import type { Database } from "../store/schema.js";
import { countSignInMethods, lockSignInMethods } from "../store/sign-in-methods-store.js";

/**
 * Unlinks one identity of the user, unless it is their last way to log in. The user row is
 * held for the transaction, so two unlinks at once cannot both see "one more left".
 */
export async function unlinkIdentity(
  deps: { db: Kysely<Database>; now: () => number },
  userId: string,
  identityId: string,
  context: RequestContext,
): Promise<void> {
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    await lockSignInMethods(trx, userId);
    const identity = (await createIdentityStore(trx).listOfUser(userId)).find(
      (i) => i.id === identityId,
    );
    if (!identity) throw new DomainError("not_found");
    if ((await countSignInMethods(trx, userId)) <= 1) throw new DomainError("last_credential");
    await createIdentityStore(trx).deleteOfUser(userId, identityId);
    await recordActivity(trx, { userId, type: "identity_unlinked", at: now, ...context });
  });
}

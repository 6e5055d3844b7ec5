import type { CredentialEvents } from "../credentials/credential-events.js";
import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import { createIdentityStore } from "../store/identity-store.js";
import { countSignInMethods, lockSignInMethods } from "../store/sign-in-methods-store.js";

/**
 * Unlinks one identity of the user, unless it is their last way to log in. The user row is
 * held for the transaction, so two unlinks at once cannot both see "one more left".
 */
export async function unlinkIdentity(
  deps: { credentials: CredentialEvents },
  userId: string,
  identityId: string,
  context: RequestContext,
): Promise<void> {
  await deps.credentials.commit("identity_unlinked", {
    userId,
    context,
    change: async (trx) => {
      await lockSignInMethods(trx, userId);
      const identity = (await createIdentityStore(trx).listOfUser(userId)).find(
        (i) => i.id === identityId,
      );
      if (!identity) throw new DomainError("not_found");
      if ((await countSignInMethods(trx, userId)) <= 1) throw new DomainError("last_credential");
      await createIdentityStore(trx).deleteOfUser(userId, identityId);
    },
  });
}

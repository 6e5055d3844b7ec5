import type { CredentialEvents } from "../credentials/credential-events.js";
import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import type { PasskeyStore } from "../store/passkey-store.js";
import { countSignInMethods, lockSignInMethods } from "../store/sign-in-methods-store.js";

/**
 * Removes one of the user's passkeys, unless it is the last way left to log in. The count
 * and the delete share a transaction under the user's row lock, so two removals at once
 * cannot both pass the check.
 */
export async function removePasskey(
  deps: { passkeys: PasskeyStore; credentials: CredentialEvents },
  userId: string,
  passkeyId: string,
  ctx: RequestContext,
): Promise<void> {
  await deps.credentials.commit("passkey_removed", {
    userId,
    context: ctx,
    change: async (trx) => {
      await lockSignInMethods(trx, userId);
      const methods = await countSignInMethods(trx, userId);
      if (!(await deps.passkeys.remove(trx, userId, passkeyId))) throw new DomainError("not_found");
      if (methods <= 1) throw new DomainError("last_credential");
    },
  });
}

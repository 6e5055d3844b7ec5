import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import { removeFactorsOf } from "../store/factor-removal.js";
import { createUserStore } from "../store/user-store.js";
import { assertPasswordAllowed } from "../users/password-policy.js";
import type { AccountDeps } from "./account-deps.js";
import { hashLinkToken } from "./link-token.js";

/**
 * Sets a new password from a reset link: a credential event (every session ends, every
 * pending link and second step dies, the notice goes out). The link is checked first and
 * spent in the transaction that stores the new hash: a refused password leaves it usable,
 * and of two racing uses only one gets through. Nobody is signed in afterwards, so a
 * second factor still stands between the link and the account.
 *
 * An address proven for the first time by this link (the account was unverified) was not
 * the owner's until now: whatever second factor, passkey or provider was attached to it
 * before is removed with the old password, so a squatter's credential never outlives the
 * owner's recovery.
 */
export async function resetPassword(
  deps: AccountDeps,
  input: { token: string; newPassword: string },
  context: RequestContext,
): Promise<void> {
  const tokenHash = hashLinkToken(input.token);
  const pending = await deps.linkTokens.find(deps.db, tokenHash, "password_reset", deps.now());
  const user = pending && (await createUserStore(deps.db).findById(pending.userId));
  // A link mailed to an address the account no longer has is dead.
  if (!pending || !user || user.email !== pending.email) throw new DomainError("invalid_link");
  await assertPasswordAllowed(input.newPassword, user.email, "newPassword");
  const passwordHash = await deps.hasher.hash(input.newPassword);

  await deps.credentials.commit("password_reset", {
    userId: user.id,
    context,
    change: async (trx, current, now) => {
      const spent = await deps.linkTokens.consume(trx, tokenHash, "password_reset", now);
      if (spent?.userId !== current.id || spent.email !== current.email) {
        throw new DomainError("invalid_link");
      }
      const users = createUserStore(trx);
      await users.updatePasswordHash(current.id, passwordHash, now);
      if (current.email_verified_at === null) {
        await removeFactorsOf(trx, current.id);
        // The link reached the user's inbox: that proves the address as well as a verify link.
        await users.markEmailVerified(current.id, now);
      }
    },
  });
}

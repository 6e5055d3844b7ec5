import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import { enqueueMail } from "../mail/enqueue-mail.js";
import { recordActivity } from "../store/activity-store.js";
import { createUserStore } from "../store/user-store.js";
import { assertPasswordAllowed } from "../users/password-policy.js";
import type { AccountDeps } from "./account-deps.js";
import { hashLinkToken } from "./link-token.js";

/**
 * Sets a new password from a reset link. The link is checked first and spent last, in the
 * transaction that stores the new hash: a refused password leaves it usable, and of two
 * racing uses only one gets through. Every session of the user ends (on every instance);
 * nobody is signed in, so a second factor still stands between the link and the account.
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

  await deps.db.transaction().execute(async (trx) => {
    const now = deps.now();
    const spent = await deps.linkTokens.consume(trx, tokenHash, "password_reset", now);
    if (spent?.userId !== user.id) throw new DomainError("invalid_link");
    const users = createUserStore(trx);
    await users.updatePasswordHash(user.id, passwordHash, now);
    // The link reached the user's inbox: that proves the address as well as a verify link.
    if (user.email_verified_at === null) await users.markEmailVerified(user.id, now);
    await recordActivity(trx, { userId: user.id, type: "password_reset", at: now, ...context });
    await enqueueMail(
      trx,
      { to: user.email, userId: user.id, template: "password_changed", data: {}, now },
      deps.config.appName,
    );
  });
  await deps.sessions.endAllOf(user.id, "password_reset");
}

import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import { recordActivity } from "../store/activity-store.js";
import { transaction } from "../store/transaction.js";
import { createUserStore } from "../store/user-store.js";
import type { AccountDeps } from "./account-deps.js";
import { EMAIL_CHANGE_TTL_SECONDS, sendLink } from "./send-link.js";

/**
 * Starts an email change: a confirmation link to the new address, and to the old one a
 * notice carrying a cancel link ("this wasn't me"), so a hijacker who got in can't move the
 * account away unnoticed or unstoppably. Nothing changes until the link is confirmed; any
 * credential event before then (a reset, a password change, logout everywhere) kills both.
 */
export async function requestEmailChange(
  deps: AccountDeps,
  userId: string,
  newEmail: string,
  context: RequestContext,
): Promise<void> {
  await transaction(deps.db, async (trx) => {
    const users = createUserStore(trx);
    const user = await users.findById(userId);
    if (!user) throw new DomainError("token_revoked");
    if (user.email === newEmail)
      throw new DomainError("validation_failed", "This is already your email");
    if (await users.findByEmail(newEmail)) throw new DomainError("email_taken");
    await sendLink(trx, deps, {
      user,
      purpose: "email_change",
      to: newEmail,
      ttlSeconds: EMAIL_CHANGE_TTL_SECONDS,
    });
    await sendLink(trx, deps, {
      user,
      purpose: "email_change_cancel",
      to: user.email,
      ttlSeconds: EMAIL_CHANGE_TTL_SECONDS,
      data: { newEmail },
    });
    await recordActivity(trx, {
      userId,
      type: "email_change_requested",
      at: deps.now(),
      ...context,
    });
  });
}

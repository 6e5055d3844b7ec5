import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import { enqueueMail } from "../mail/enqueue-mail.js";
import { recordActivity } from "../store/activity-store.js";
import { createUserStore } from "../store/user-store.js";
import type { AccountDeps } from "./account-deps.js";
import { EMAIL_CHANGE_TTL_SECONDS, sendLink } from "./send-link.js";

/**
 * Starts an email change: a confirmation link to the new address, a notice to the old one
 * (so a hijacker who got in can't move the account away unnoticed). Nothing changes until
 * the link is confirmed.
 */
export async function requestEmailChange(
  deps: AccountDeps,
  userId: string,
  newEmail: string,
  context: RequestContext,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const users = createUserStore(trx);
    const user = await users.findById(userId);
    if (!user) throw new DomainError("token_revoked");
    if (user.email === newEmail)
      throw new DomainError("validation_failed", "This is already your email");
    if (await users.findByEmail(newEmail)) throw new DomainError("email_taken");
    const now = deps.now();
    await sendLink(trx, deps, {
      user,
      purpose: "email_change",
      to: newEmail,
      ttlSeconds: EMAIL_CHANGE_TTL_SECONDS,
    });
    await enqueueMail(
      trx,
      { to: user.email, userId: user.id, template: "email_change_notice", data: { newEmail }, now },
      deps.config.appName,
    );
    await recordActivity(trx, { userId, type: "email_change_requested", at: now, ...context });
  });
}

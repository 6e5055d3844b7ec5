import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import { recordActivity } from "../store/activity-store.js";
import { createUserStore, EmailTakenError, type UserRow } from "../store/user-store.js";
import type { AccountDeps } from "./account-deps.js";
import { hashLinkToken } from "./link-token.js";

/**
 * Spends an email-change link: the account takes the new address, verified (the link
 * reached it). The unique index decides whether the address is still free, so one taken
 * since the request is refused here too, and the link stays usable after a refusal.
 */
export async function confirmEmailChange(
  deps: AccountDeps,
  token: string,
  context: RequestContext,
): Promise<UserRow> {
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.now();
    const link = await deps.linkTokens.consume(trx, hashLinkToken(token), "email_change", now);
    const users = createUserStore(trx);
    const user = link && (await users.findById(link.userId));
    if (!link || !user) throw new DomainError("invalid_link");
    try {
      await users.changeEmail(user.id, link.email, now);
    } catch (err) {
      if (err instanceof EmailTakenError) throw new DomainError("email_taken");
      throw err;
    }
    await recordActivity(trx, { userId: user.id, type: "email_changed", at: now, ...context });
    return { ...user, email: link.email, email_verified_at: now, updated_at: now };
  });
}

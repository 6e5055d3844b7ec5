import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import { createUserStore, EmailTakenError, type UserRow } from "../store/user-store.js";
import type { AccountDeps } from "./account-deps.js";
import { hashLinkToken } from "./link-token.js";

/**
 * Spends an email-change link: the account takes the new address, verified (the link
 * reached it). A credential event: every other pending link (a reset to the old address,
 * its cancel link) and waiting second step dies. The unique index decides whether the
 * address is still free, so one taken since the request is refused here too, and the link
 * stays usable after a refusal (the transaction rolls back).
 */
export async function confirmEmailChange(
  deps: AccountDeps,
  token: string,
  context: RequestContext,
): Promise<UserRow> {
  const tokenHash = hashLinkToken(token);
  const pending = await deps.linkTokens.find(deps.db, tokenHash, "email_change", deps.now());
  if (!pending) throw new DomainError("invalid_link");
  try {
    return await deps.credentials.commit("email_changed", {
      userId: pending.userId,
      context,
      change: async (trx, user, now) => {
        const link = await deps.linkTokens.consume(trx, tokenHash, "email_change", now);
        if (link?.userId !== user.id) throw new DomainError("invalid_link");
        try {
          await createUserStore(trx).changeEmail(user.id, link.email, now);
        } catch (err) {
          if (err instanceof EmailTakenError) throw new DomainError("email_taken");
          throw err;
        }
        return { ...user, email: link.email, email_verified_at: now, updated_at: now };
      },
    });
  } catch (err) {
    // The account went away between the look-up and the change: the link is as good as dead.
    if (err instanceof DomainError && err.code === "not_found")
      throw new DomainError("invalid_link");
    throw err;
  }
}

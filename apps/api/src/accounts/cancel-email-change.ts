import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import type { AccountDeps } from "./account-deps.js";
import { hashLinkToken } from "./link-token.js";

/**
 * "This wasn't me": the cancel link in the notice to the old address. The pending change
 * dies (its confirm link with it) and every session of the account ends, since whoever
 * asked for the change was signed in. The owner then logs in and changes the password.
 */
export async function cancelEmailChange(
  deps: AccountDeps,
  token: string,
  context: RequestContext,
): Promise<void> {
  const tokenHash = hashLinkToken(token);
  const pending = await deps.linkTokens.find(deps.db, tokenHash, "email_change_cancel", deps.now());
  if (!pending) throw new DomainError("invalid_link");
  try {
    await deps.credentials.commit("email_change_cancelled", {
      userId: pending.userId,
      context,
      change: async (trx, user, now) => {
        const link = await deps.linkTokens.consume(trx, tokenHash, "email_change_cancel", now);
        // Bound to the address it was mailed to: the account's own, still.
        if (link?.userId !== user.id || link.email !== user.email) {
          throw new DomainError("invalid_link");
        }
      },
    });
  } catch (err) {
    if (err instanceof DomainError && err.code === "not_found")
      throw new DomainError("invalid_link");
    throw err;
  }
}

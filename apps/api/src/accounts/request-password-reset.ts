import type { RequestContext } from "../http/request-context.js";
import { recordActivity } from "../store/activity-store.js";
import { transaction } from "../store/transaction.js";
import { createUserStore } from "../store/user-store.js";
import type { AccountDeps } from "./account-deps.js";
import { sendLink } from "./send-link.js";

/**
 * Mails a reset link when the address belongs to an account, and does nothing otherwise.
 * The route answers before calling this (see account-routes.ts), so whether an account
 * exists shows neither in the answer nor in its timing.
 */
export async function requestPasswordReset(
  deps: AccountDeps,
  email: string,
  context: RequestContext,
): Promise<void> {
  await transaction(deps.db, async (trx) => {
    const user = await createUserStore(trx).findByEmail(email);
    if (!user) return;
    await sendLink(trx, deps, {
      user,
      purpose: "password_reset",
      to: user.email,
      ttlSeconds: deps.config.passwordResetTtlSeconds,
    });
    await recordActivity(trx, {
      userId: user.id,
      type: "password_reset_requested",
      at: deps.now(),
      ...context,
    });
  });
}

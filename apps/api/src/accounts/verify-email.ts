import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import { recordActivity } from "../store/activity-store.js";
import type { Tx } from "../store/db.js";
import { transaction } from "../store/transaction.js";
import { createUserStore, type UserRow } from "../store/user-store.js";
import type { AccountDeps } from "./account-deps.js";
import { hashLinkToken } from "./link-token.js";
import { sendLink } from "./send-link.js";

/** Queues a verification link to the user's current address, in the caller's transaction. */
export async function sendVerification(
  trx: Tx,
  deps: AccountDeps,
  user: Pick<UserRow, "id" | "name" | "email">,
): Promise<void> {
  await sendLink(trx, deps, {
    user,
    purpose: "verify_email",
    to: user.email,
    ttlSeconds: deps.config.emailVerificationTtlSeconds,
  });
}

/** The link mailed at registration, in a transaction of its own. */
export async function sendVerificationOnce(
  deps: AccountDeps,
  user: Pick<UserRow, "id" | "name" | "email">,
): Promise<void> {
  await transaction(deps.db, (trx) => sendVerification(trx, deps, user));
}

/** A new link for an unverified account; nothing for a verified one (the same 202 either way). */
export async function resendVerification(deps: AccountDeps, userId: string): Promise<void> {
  await transaction(deps.db, async (trx) => {
    const user = await createUserStore(trx).findById(userId);
    if (!user || user.email_verified_at !== null) return;
    await sendVerification(trx, deps, user);
  });
}

/**
 * Spends a verification link. It verifies the address it was sent to, and only while that
 * is still the account's email: a link to an address since replaced verifies nothing.
 */
export async function verifyEmail(
  deps: AccountDeps,
  token: string,
  context: RequestContext,
): Promise<UserRow> {
  return transaction(deps.db, async (trx) => {
    const now = deps.now();
    const link = await deps.linkTokens.consume(trx, hashLinkToken(token), "verify_email", now);
    const users = createUserStore(trx);
    const user = link && (await users.findById(link.userId));
    if (!link || !user || user.email !== link.email) throw new DomainError("invalid_link");
    if (user.email_verified_at !== null) return user;
    await users.markEmailVerified(user.id, now);
    await recordActivity(trx, { userId: user.id, type: "email_verified", at: now, ...context });
    return { ...user, email_verified_at: now };
  });
}

import type { Transaction } from "kysely";
import type { LinkPurpose } from "./link-token-store.js";
import type { Database } from "./schema.js";

export interface PendingToEnd {
  links: readonly LinkPurpose[];
  mfaTokens: boolean;
  challenges: boolean;
}

/**
 * Deletes what a user has pending that a credential event must end: mailed links of the
 * given purposes, logins waiting for their second step, WebAuthn ceremonies in flight.
 * A deleted row is a dead link, token or challenge: each of them is looked up by its row.
 */
export async function endPendingOf(
  trx: Transaction<Database>,
  userId: string,
  pending: PendingToEnd,
): Promise<void> {
  if (pending.links.length > 0) {
    await trx
      .deleteFrom("link_tokens")
      .where("user_id", "=", userId)
      .where("purpose", "in", [...pending.links])
      .execute();
  }
  if (pending.mfaTokens) {
    await trx.deleteFrom("mfa_tokens").where("user_id", "=", userId).execute();
  }
  if (pending.challenges) {
    await trx.deleteFrom("webauthn_challenges").where("user_id", "=", userId).execute();
  }
}

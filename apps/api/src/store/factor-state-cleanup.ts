import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

/** Second-step tokens and WebAuthn challenges live minutes: maintenance drops the dead ones. */
export async function deleteExpiredFactorState(db: Kysely<Database>, now: number): Promise<void> {
  await db.deleteFrom("mfa_tokens").where("expires_at", "<=", now).execute();
  await db.deleteFrom("webauthn_challenges").where("expires_at", "<=", now).execute();
}

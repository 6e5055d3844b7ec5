import type { Transaction } from "kysely";
import type { Database } from "./schema.js";

/**
 * Removes every way in but the password: the TOTP factor and its backup codes, passkeys and
 * linked provider identities. For an address proven only now (reset-password.ts): what was
 * attached before the proof may be a squatter's.
 */
export async function removeFactorsOf(trx: Transaction<Database>, userId: string): Promise<void> {
  await trx.deleteFrom("backup_codes").where("user_id", "=", userId).execute();
  await trx.deleteFrom("totp_factors").where("user_id", "=", userId).execute();
  await trx.deleteFrom("passkeys").where("user_id", "=", userId).execute();
  await trx.deleteFrom("identities").where("user_id", "=", userId).execute();
}

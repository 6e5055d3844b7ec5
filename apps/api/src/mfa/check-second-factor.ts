import type { BackupCodeStore } from "../store/backup-code-store.js";
import type { Db } from "../store/db.js";
import type { TotpStore } from "../store/totp-store.js";
import { hashBackupCode } from "./backup-codes.js";
import { decryptSecret } from "./secret-cipher.js";
import { looksLikeTotpCode, matchingStep } from "./totp-code.js";

export interface FactorStores {
  totp: TotpStore;
  backupCodes: BackupCodeStore;
  key: Buffer;
  /** Keys the backup codes' hashes (backup-codes.ts). */
  backupKey: Buffer;
}

export type SecondFactor = "totp" | "backup_code";

/**
 * Checks a code against a user's enabled TOTP factor, or their unused backup codes, and
 * spends it in `trx`: the step becomes the last one used, the backup code used. Returns
 * which kind matched, or undefined (no factor, wrong code, replayed code).
 */
export async function checkSecondFactor(
  stores: FactorStores,
  trx: Db,
  userId: string,
  typed: string,
  now: number,
): Promise<SecondFactor | undefined> {
  const code = typed.replace(/\s/g, "");
  const factor = await stores.totp.find(userId, trx);
  if (!factor?.enabled_at) return undefined;
  if (looksLikeTotpCode(code)) {
    const secret = decryptSecret(stores.key, userId, factor.secret_enc);
    const step = matchingStep(secret, code, now);
    if (step === undefined) return undefined;
    return (await stores.totp.claimStep(trx, userId, step, "enabled")) ? "totp" : undefined;
  }
  const used = await stores.backupCodes.use(
    trx,
    userId,
    hashBackupCode(stores.backupKey, code),
    now,
  );
  return used ? "backup_code" : undefined;
}

import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import type { CredentialEvents } from "../credentials/credential-events.js";
import { recordActivity } from "../store/activity-store.js";
import type { BackupCodeStore } from "../store/backup-code-store.js";
import type { Db } from "../store/db.js";
import type { TotpStore } from "../store/totp-store.js";
import { transaction } from "../store/transaction.js";
import type { UserStore } from "../store/user-store.js";
import { backupCodeKeyFrom, hashBackupCode, newBackupCodes } from "./backup-codes.js";
import { checkSecondFactor } from "./check-second-factor.js";
import { decryptSecret, encryptSecret } from "./secret-cipher.js";
import { matchingStep, newTotpSecret, otpauthUrl } from "./totp-code.js";
import { totpQrCode } from "./totp-qr-code.js";

export interface MfaServiceDeps {
  db: Db;
  totp: TotpStore;
  backupCodes: BackupCodeStore;
  users: UserStore;
  credentials: CredentialEvents;
  /** MFA_ENCRYPTION_KEY: 32 bytes. */
  key: Buffer;
  appName: string;
  now: () => number;
}

/**
 * TOTP as a user manages it from the security page: set up (pending until the first
 * correct code proves the app has the secret), backup codes, turn off. Every change is a
 * credential event (credentials/credential-rules.ts): logged, announced by mail and ending
 * what it must, in the transaction that makes it.
 */
export function createMfaService(deps: MfaServiceDeps) {
  const backupKey = backupCodeKeyFrom(deps.key);
  const stores = { totp: deps.totp, backupCodes: deps.backupCodes, key: deps.key, backupKey };

  const freshCodes = async (trx: Db, userId: string) => {
    const codes = newBackupCodes();
    await deps.backupCodes.replace(
      trx,
      userId,
      codes.map((code) => hashBackupCode(backupKey, code)),
      deps.now(),
    );
    return codes;
  };

  return {
    async status(userId: string) {
      const factor = await deps.totp.find(userId);
      const totpEnabled = Boolean(factor?.enabled_at);
      return {
        totpEnabled,
        backupCodesRemaining: totpEnabled ? await deps.backupCodes.remaining(userId) : 0,
      };
    },

    async isEnabled(userId: string): Promise<boolean> {
      return Boolean((await deps.totp.find(userId))?.enabled_at);
    },

    /** A new pending secret (replacing a pending one); refused while TOTP is on. */
    async setup(user: { id: string; email: string }) {
      const secret = newTotpSecret();
      const saved = await deps.totp.savePending(
        user.id,
        encryptSecret(deps.key, user.id, secret),
        deps.now(),
      );
      if (!saved) throw new DomainError("mfa_already_enabled");
      const url = otpauthUrl(secret, user.email, deps.appName);
      return { secret, otpauthUrl: url, qrCode: await totpQrCode(url) };
    },

    /** The first correct code turns the pending factor on and returns the backup codes. */
    async enable(userId: string, code: string, ctx: RequestContext): Promise<string[]> {
      const factor = await deps.totp.find(userId);
      if (!factor) throw new DomainError("invalid_mfa_code", "Start the setup first");
      if (factor.enabled_at) throw new DomainError("mfa_already_enabled");
      const now = deps.now();
      const secret = decryptSecret(deps.key, userId, factor.secret_enc);
      const step = matchingStep(secret, code.replace(/\s/g, ""), now);
      if (step === undefined) throw new DomainError("invalid_mfa_code");
      return deps.credentials.commit("mfa_enabled", {
        userId,
        context: ctx,
        change: async (trx) => {
          if (!(await deps.totp.claimStep(trx, userId, step, "pending"))) {
            throw new DomainError("invalid_mfa_code");
          }
          await deps.totp.markEnabled(trx, userId, now);
          return freshCodes(trx, userId);
        },
      });
    },

    /** Turns TOTP off with its backup codes; a no-op when it was not on. */
    async disable(userId: string, ctx: RequestContext): Promise<void> {
      if (!(await this.isEnabled(userId))) return;
      await deps.credentials.commit("mfa_disabled", {
        userId,
        context: ctx,
        change: async (trx) => {
          await deps.totp.remove(trx, userId);
        },
      });
    },

    async regenerateBackupCodes(userId: string, ctx: RequestContext): Promise<string[]> {
      if (!(await this.isEnabled(userId))) throw new DomainError("mfa_not_enabled");
      return deps.credentials.commit("backup_codes_regenerated", {
        userId,
        context: ctx,
        change: (trx) => freshCodes(trx, userId),
      });
    },

    /**
     * The hook of POST /api/auth/reauthenticate: a valid TOTP code or unused backup code of
     * the user (spent on the way) proves `otp` (RFC 8176); anything else proves nothing
     * (null) and is logged as `mfa_failed`.
     */
    async verifySecondFactor(
      userId: string,
      code: string,
      ctx: RequestContext,
    ): Promise<string[] | null> {
      const now = deps.now();
      const kind = await transaction(deps.db, async (trx) => {
        const matched = await checkSecondFactor(stores, trx, userId, code, now);
        if (matched === "backup_code") {
          await recordActivity(trx, { userId, type: "backup_code_used", at: now, ...ctx });
        }
        return matched;
      });
      if (!kind) {
        await recordActivity(deps.db, { userId, type: "mfa_failed", at: now, ...ctx });
        return null;
      }
      return ["otp"];
    },
  };
}

export type MfaService = ReturnType<typeof createMfaService>;

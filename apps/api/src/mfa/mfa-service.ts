import type { Kysely } from "kysely";
import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import { enqueueMail } from "../mail/enqueue-mail.js";
import type { MailTemplate } from "../mail/templates.js";
import { recordActivity } from "../store/activity-store.js";
import type { BackupCodeStore } from "../store/backup-code-store.js";
import type { Database } from "../store/schema.js";
import type { TotpStore } from "../store/totp-store.js";
import type { UserStore } from "../store/user-store.js";
import { hashBackupCode, newBackupCodes } from "./backup-codes.js";
import { checkSecondFactor } from "./check-second-factor.js";
import { decryptSecret, encryptSecret } from "./secret-cipher.js";
import { matchingStep, newTotpSecret, otpauthUrl } from "./totp-code.js";
import { totpQrCode } from "./totp-qr-code.js";

export interface MfaServiceDeps {
  db: Kysely<Database>;
  totp: TotpStore;
  backupCodes: BackupCodeStore;
  users: UserStore;
  /** MFA_ENCRYPTION_KEY: 32 bytes. */
  key: Buffer;
  appName: string;
  now: () => number;
}

type Change = "mfa_enabled" | "mfa_disabled" | "backup_codes_regenerated";

/**
 * TOTP as a user manages it from the security page: set up (pending until the first
 * correct code proves the app has the secret), backup codes, turn off. Every change is
 * recorded in the activity log and announced by mail, in the transaction that makes it.
 */
export function createMfaService(deps: MfaServiceDeps) {
  const stores = { totp: deps.totp, backupCodes: deps.backupCodes, key: deps.key };

  /** Where the notice of a change goes, read before its transaction starts. */
  const addressOf = async (userId: string): Promise<string> => {
    const user = await deps.users.findById(userId);
    if (!user) throw new DomainError("not_found");
    return user.email;
  };

  const announce = async (
    trx: Kysely<Database>,
    to: { userId: string; email: string },
    change: Change,
    ctx: RequestContext,
  ) => {
    const now = deps.now();
    await recordActivity(trx, { userId: to.userId, type: change, at: now, ...ctx });
    const template: MailTemplate = change;
    await enqueueMail(
      trx,
      { to: to.email, userId: to.userId, template, data: {}, now },
      deps.appName,
    );
  };

  const freshCodes = async (trx: Kysely<Database>, userId: string) => {
    const codes = newBackupCodes();
    await deps.backupCodes.replace(trx, userId, codes.map(hashBackupCode), deps.now());
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
      const email = await addressOf(userId);
      return deps.db.transaction().execute(async (trx) => {
        if (!(await deps.totp.claimStep(trx, userId, step, "pending"))) {
          throw new DomainError("invalid_mfa_code");
        }
        await deps.totp.markEnabled(trx, userId, now);
        const codes = await freshCodes(trx, userId);
        await announce(trx, { userId, email }, "mfa_enabled", ctx);
        return codes;
      });
    },

    /** Turns TOTP off with its backup codes; a no-op when it was not on. */
    async disable(userId: string, ctx: RequestContext): Promise<void> {
      const email = await addressOf(userId);
      await deps.db.transaction().execute(async (trx) => {
        if (await deps.totp.remove(trx, userId)) {
          await announce(trx, { userId, email }, "mfa_disabled", ctx);
        }
      });
    },

    async regenerateBackupCodes(userId: string, ctx: RequestContext): Promise<string[]> {
      if (!(await this.isEnabled(userId))) throw new DomainError("mfa_not_enabled");
      const email = await addressOf(userId);
      return deps.db.transaction().execute(async (trx) => {
        const codes = await freshCodes(trx, userId);
        await announce(trx, { userId, email }, "backup_codes_regenerated", ctx);
        return codes;
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
      const kind = await deps.db.transaction().execute(async (trx) => {
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

import type { FirstFactor } from "../sessions/sign-in.js";
import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import { recordActivity } from "../store/activity-store.js";
import { transaction } from "../store/transaction.js";
import type { BackupCodeStore } from "../store/backup-code-store.js";
import type { MfaTokenStore } from "../store/mfa-token-store.js";
import type { Db } from "../store/db.js";
import type { TotpStore } from "../store/totp-store.js";
import { backupCodeKeyFrom } from "./backup-codes.js";
import { checkSecondFactor } from "./check-second-factor.js";
import {
  hashMfaToken,
  looksLikeMfaToken,
  MFA_TOKEN_MAX_ATTEMPTS,
  MFA_TOKEN_TTL_SECONDS,
  newMfaToken,
} from "./mfa-token.js";

export interface MfaLoginDeps {
  db: Db;
  totp: TotpStore;
  backupCodes: BackupCodeStore;
  mfaTokens: MfaTokenStore;
  key: Buffer;
  now: () => number;
}

/**
 * RFC 8176: the first factor (a password, or a provider's login: `fed`), then a one-time
 * password (an app's code or a backup code).
 */
export function secondStepAmr(firstFactor: string | null): string[] {
  return [firstFactor === "fed" ? "fed" : "pwd", "mfa", "otp"];
}

/**
 * The two halves of a login with a second factor: after the password, an `mfaToken`
 * (no session, no cookie); after a correct code for it, the user the session is for.
 */
export function createMfaLogin(deps: MfaLoginDeps) {
  const backupKey = backupCodeKeyFrom(deps.key);
  const stores = { totp: deps.totp, backupCodes: deps.backupCodes, key: deps.key, backupKey };
  return {
    async begin(
      userId: string,
      firstFactor: FirstFactor,
    ): Promise<{ mfaToken: string; expiresIn: number }> {
      const now = deps.now();
      const mfaToken = newMfaToken();
      await deps.mfaTokens.insert({
        hash: hashMfaToken(mfaToken),
        userId,
        firstFactor,
        now,
        expiresAt: now + MFA_TOKEN_TTL_SECONDS * 1000,
      });
      return { mfaToken, expiresIn: MFA_TOKEN_TTL_SECONDS };
    },

    /** The user a live mfaToken speaks for, for the per-account rate limit. */
    async userOf(mfaToken: unknown): Promise<string | undefined> {
      if (!looksLikeMfaToken(mfaToken)) return undefined;
      return deps.mfaTokens.userOf(hashMfaToken(mfaToken), deps.now());
    },

    /**
     * Spends one attempt of the token and checks the code, in one transaction: a right code
     * consumes the token in the same commit (it logs in exactly once), a wrong one commits
     * the spent attempt with its `mfa_failed` event.
     */
    async complete(
      mfaToken: unknown,
      code: string,
      ctx: RequestContext,
    ): Promise<{ userId: string; amr: string[] }> {
      if (!looksLikeMfaToken(mfaToken)) throw new DomainError("invalid_mfa_token");
      const now = deps.now();
      const hash = hashMfaToken(mfaToken);
      const outcome = await transaction(deps.db, async (trx) => {
        const token = await deps.mfaTokens.spendAttempt(trx, hash, now, MFA_TOKEN_MAX_ATTEMPTS);
        if (!token) return "invalid_mfa_token" as const;
        const { userId } = token;
        const matched = await checkSecondFactor(stores, trx, userId, code, now);
        if (!matched) {
          await recordActivity(trx, { userId, type: "mfa_failed", at: now, ...ctx });
          return "invalid_mfa_code" as const;
        }
        if (!(await deps.mfaTokens.consume(trx, hash, now))) {
          throw new DomainError("invalid_mfa_token");
        }
        if (matched === "backup_code") {
          await recordActivity(trx, { userId, type: "backup_code_used", at: now, ...ctx });
        }
        return { userId, amr: secondStepAmr(token.firstFactor) };
      });
      if (typeof outcome === "string") throw new DomainError(outcome);
      return outcome;
    },
  };
}

export type MfaLogin = ReturnType<typeof createMfaLogin>;

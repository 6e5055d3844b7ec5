import { z } from "zod";
import type { Mode } from "./server.js";
import { ConfigError, duration } from "./values.js";

/** Account security: how fresh a proof step-up wants, how long the logs keep, the TOTP key. */
export const securityEnv = z.object({
  REAUTH_MAX_AGE: duration("10m").default(10 * 60),
  ACTIVITY_RETENTION: duration("90d").default(90 * 86_400),
  AUDIT_RETENTION: duration("365d").default(365 * 86_400),
  MFA_ENCRYPTION_KEY: z.string().optional(),
});
export type SecurityEnv = z.infer<typeof securityEnv>;

export interface SecurityConfig {
  reauthMaxAgeSeconds: number;
  activityRetentionSeconds: number;
  /** How long the administrators' audit log is kept (AUDIT_RETENTION). */
  auditRetentionSeconds: number;
  /** 32 bytes that encrypt TOTP secrets; undefined outside production means "derive from the signing key". */
  mfaEncryptionKey: Buffer | undefined;
}

/** MFA_ENCRYPTION_KEY as bytes: a malformed key is refused in every mode, a missing one in production. */
export function mfaKeyOf(e: SecurityEnv, mode: Mode): Buffer | undefined {
  const mfaEncryptionKey = parseMfaKey(e.MFA_ENCRYPTION_KEY);
  if (mode.production && !mfaEncryptionKey) {
    throw new ConfigError(
      `MFA_ENCRYPTION_KEY is required when ${mode.nodeEnv} (32 bytes, base64 or hex; generate one with: npm run keys)`,
    );
  }
  return mfaEncryptionKey;
}

export function securityConfig(
  e: SecurityEnv,
  mfaEncryptionKey: Buffer | undefined,
): SecurityConfig {
  return {
    reauthMaxAgeSeconds: e.REAUTH_MAX_AGE,
    activityRetentionSeconds: e.ACTIVITY_RETENTION,
    auditRetentionSeconds: e.AUDIT_RETENTION,
    mfaEncryptionKey,
  };
}

function parseMfaKey(value: string | undefined): Buffer | undefined {
  if (value === undefined) return undefined;
  const key = /^[0-9a-f]{64}$/i.test(value)
    ? Buffer.from(value, "hex")
    : Buffer.from(value, "base64");
  if (key.length !== 32) {
    throw new ConfigError("MFA_ENCRYPTION_KEY must be 32 bytes, written as base64 or hex");
  }
  return key;
}

import { createHash, createHmac, hkdfSync, randomInt } from "node:crypto";

export const BACKUP_CODE_COUNT = 10;
// No 0/o, 1/l/i: a code copied from paper reads one way only.
const ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
const LENGTH = 10;
// The stored form: "k1." and an HMAC. Rows without the prefix are the older bare SHA-256.
const KEYED = "k1.";

/** Ten codes of ten characters (about 49 bits each), shown as `xxxxx-xxxxx`. */
export function newBackupCodes(): string[] {
  return Array.from({ length: BACKUP_CODE_COUNT }, () => {
    let code = "";
    for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    return `${code.slice(0, 5)}-${code.slice(5)}`;
  });
}

/** What users type back: any case, with or without the dash and spaces. */
export function normaliseBackupCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "");
}

/** The backup codes' own key, derived from MFA_ENCRYPTION_KEY. */
export function backupCodeKeyFrom(mfaKey: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", mfaKey, "jwt-auth", "backup-code-hmac", 32));
}

/**
 * Stored under a keyed hash: HMAC-SHA256 with a key the database does not hold, over the
 * code's SHA-256. About 49 bits is a lot to guess online and little against a stolen table
 * hashed without a key (hours on one GPU); with the key elsewhere, the table alone yields
 * nothing. Hashing the SHA-256 (not the code) lets rows stored before as a bare SHA-256 be
 * re-keyed without their codes (`rekeyLegacyBackupCodeHash`).
 */
export function hashBackupCode(key: Buffer, code: string): string {
  return keyed(key, createHash("sha256").update(normaliseBackupCode(code)).digest());
}

/** A row stored as a bare SHA-256 (base64url) in its keyed form; null when already keyed. */
export function rekeyLegacyBackupCodeHash(key: Buffer, stored: string): string | null {
  return stored.startsWith(KEYED) ? null : keyed(key, Buffer.from(stored, "base64url"));
}

function keyed(key: Buffer, sha256: Buffer): string {
  return KEYED + createHmac("sha256", key).update(sha256).digest("base64url");
}

import { dictionary } from "@zxcvbn-ts/language-common";
import { fieldError } from "../errors/domain-error.js";

/**
 * NIST SP 800-63B, section 5.1.1.2: no composition rules ("one digit, one symbol"), only a
 * length range (checked by the shared schema) and a refusal of passwords that attackers
 * try first. The list is zxcvbn-ts's common-passwords dictionary (about 30,000 entries
 * drawn from real breaches), loaded once at start-up into a Set: a lookup, never a scan.
 */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  dictionary["passwords-common"].map((password) => password.toLowerCase()),
);

export const COMMON_PASSWORD_COUNT = COMMON_PASSWORDS.size;

export type PasswordField = "password" | "newPassword";

/**
 * Throws 400 `validation_failed` with a message on `field` saying why, for a password in
 * the common list (exact match, case-insensitive) or equal to the account's email. Any
 * other password of the allowed length is fine, however "simple" it looks.
 */
export function assertPasswordAllowed(password: string, email: string, field: PasswordField): void {
  const reason = refusal(password, email);
  if (reason) throw fieldError(field, reason);
}

function refusal(password: string, email: string): string | undefined {
  const lowered = password.toLowerCase();
  if (lowered === email.toLowerCase()) {
    return "Password must not be your email address";
  }
  if (COMMON_PASSWORDS.has(lowered)) {
    return "This password is one of the most common ones, which attackers try first: choose another";
  }
  return undefined;
}

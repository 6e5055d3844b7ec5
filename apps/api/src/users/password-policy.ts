import { PASSWORD_REFUSALS } from "@jwt-auth/shared";
import { fieldError } from "../errors/domain-error.js";

/**
 * NIST SP 800-63B, section 5.1.1.2: no composition rules ("one digit, one symbol"), only a
 * length range (checked by the shared schema) and a refusal of passwords that attackers
 * try first. The list is zxcvbn-ts's common-passwords dictionary (about 30,000 entries
 * drawn from real breaches), held in a Set (a lookup, never a scan) and loaded by the first
 * password that needs checking rather than at start-up: the module and the Set are some 6 MB
 * of heap that most requests never touch.
 */
let commonPasswords: Promise<ReadonlySet<string>> | undefined;

function loadCommonPasswords(): Promise<ReadonlySet<string>> {
  commonPasswords ??= import("@zxcvbn-ts/language-common").then(
    ({ dictionary }) =>
      new Set(dictionary["passwords-common"].map((password) => password.toLowerCase())),
  );
  return commonPasswords;
}

/** How many passwords the common list holds (it is loaded if it was not yet). */
export async function commonPasswordCount(): Promise<number> {
  return (await loadCommonPasswords()).size;
}

export type PasswordField = "password" | "newPassword";

/**
 * Rejects with 400 `validation_failed` and a message on `field` saying why, for a password
 * in the common list (exact match, case-insensitive) or equal to the account's email. Any
 * other password of the allowed length is fine, however "simple" it looks.
 */
export async function assertPasswordAllowed(
  password: string,
  email: string,
  field: PasswordField,
): Promise<void> {
  const lowered = password.toLowerCase();
  if (lowered === email.toLowerCase()) throw fieldError(field, PASSWORD_REFUSALS.sameAsEmail);
  if ((await loadCommonPasswords()).has(lowered)) throw fieldError(field, PASSWORD_REFUSALS.common);
}

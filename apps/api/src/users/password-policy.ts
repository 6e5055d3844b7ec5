import { fieldError } from "../errors/domain-error.js";

/**
 * The password rules beyond length (which the shared schema checks). Minimal here: a
 * password may not be the account's own email.
 */
export function assertPasswordAllowed(
  password: string,
  email: string,
  field: "password" | "newPassword",
): void {
  if (password.normalize("NFC").trim().toLowerCase() === email) {
    throw fieldError(field, "Password must not be your email address");
  }
}

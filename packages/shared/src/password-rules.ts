import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./credentials.js";

/**
 * The password rules (NIST SP 800-63B: a length range, no composition rules, and a refusal
 * of the passwords attackers try first or of the account's own email) as a checklist a form
 * can show while the user types. The list of common passwords is the caller's to supply: the
 * API keeps it in memory, the browser loads it only where a new password is chosen.
 */
export const PASSWORD_REFUSALS = {
  sameAsEmail: "Password must not be your email address",
  common: "This password is one of the most common ones, which attackers try first: choose another",
} as const;

export type PasswordRuleId = "length" | "common" | "email";

export interface PasswordRuleCheck {
  id: PasswordRuleId;
  /** The rule as the checklist states it. */
  label: string;
  /** null while it cannot be told yet (the common list is still loading). */
  met: boolean | null;
}

/** `isCommon` answers for a lower-cased password, or is null while the list is loading. */
export function checkPasswordRules(
  password: string,
  email: string,
  isCommon: ((lowered: string) => boolean) | null,
): PasswordRuleCheck[] {
  const lowered = password.toLowerCase();
  const trimmedEmail = email.trim().toLowerCase();
  return [
    {
      id: "length",
      label: `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`,
      met: password.length >= PASSWORD_MIN_LENGTH && password.length <= PASSWORD_MAX_LENGTH,
    },
    {
      id: "common",
      label: "Not one of the most common passwords",
      met: password.length === 0 ? false : isCommon === null ? null : !isCommon(lowered),
    },
    {
      id: "email",
      label: "Not your email address",
      met: password.length > 0 && (trimmedEmail === "" || lowered !== trimmedEmail),
    },
  ];
}

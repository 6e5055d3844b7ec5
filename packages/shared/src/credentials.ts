import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const NAME_MAX_LENGTH = 100;
export const EMAIL_MAX_LENGTH = 254;

/**
 * An address as people type it, international ones included: a local part without spaces,
 * control characters, quotes or brackets, and a domain of dotted labels ending in a
 * top-level domain of letters. Deliverability is the mail server's business, not ours.
 */
const EMAIL_PATTERN =
  /^[^\s@"<>()[\]\\,;:\p{Cc}]{1,64}@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,63}$/u;

/**
 * Emails are compared and stored in one canonical form: Unicode NFC, trimmed,
 * lower-cased. The same schema runs in the browser and in the API, so both agree on
 * which address an account belongs to.
 */
export const Email = z
  .string({ error: "Email is required" })
  .normalize("NFC")
  .trim()
  .toLowerCase()
  .min(1, { error: "Email is required" })
  .max(EMAIL_MAX_LENGTH, { error: `Email must be at most ${EMAIL_MAX_LENGTH} characters` })
  .pipe(z.email({ pattern: EMAIL_PATTERN, error: "Enter a valid email address" }));

/**
 * Characters as a person counts them (Unicode code points), where a string's `length` counts
 * UTF-16 units: an emoji is one character, two units. Only counted between the bounds a
 * `length` already settles (a code point is one or two units).
 */
function atLeastCharacters(value: string, min: number): boolean {
  if (value.length >= 2 * min) return true;
  let count = 0;
  for (const _ of value) if (++count >= min) return true;
  return false;
}

function atMostCharacters(value: string, max: number): boolean {
  if (value.length <= max) return true;
  if (value.length > 2 * max) return false;
  let count = 0;
  for (const _ of value) if (++count > max) return false;
  return true;
}

/**
 * Passwords are never trimmed, normalised or truncated: what the user typed is what
 * argon2id hashes. Their length is counted in characters (code points), as JSON Schema's
 * `minLength` and `maxLength` count, so a passphrase of emoji is measured as it looks. The
 * upper bound keeps a hash request cheap to refuse.
 */
export const Password = z
  .string({ error: "Password is required" })
  // An empty field says the same as on the login form, not "at least 8 characters".
  .min(1, { error: "Password is required", abort: true })
  .refine((value) => atLeastCharacters(value, PASSWORD_MIN_LENGTH), {
    error: `Password must be at least ${PASSWORD_MIN_LENGTH} characters`,
  })
  .refine((value) => atMostCharacters(value, PASSWORD_MAX_LENGTH), {
    error: `Password must be at most ${PASSWORD_MAX_LENGTH} characters`,
  })
  // What the document says of the field, in JSON Schema's own terms (code points).
  .meta({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH });

/**
 * Control characters (NUL, line breaks, escapes, C1 codes) are refused rather than stored:
 * PostgreSQL rejects a NUL byte where SQLite keeps it, so both stores must never see one,
 * and a name is printed on pages and in mail where they have no meaning.
 */
export const DisplayName = z
  .string({ error: "Name is required" })
  .trim()
  .min(1, { error: "Name is required" })
  .max(NAME_MAX_LENGTH, { error: `Name must be at most ${NAME_MAX_LENGTH} characters` })
  .regex(/^\P{Cc}*$/u, { error: "Name must not contain control characters" });

export const RegisterRequest = z.object({
  email: Email,
  password: Password,
  name: DisplayName,
});
export type RegisterRequest = z.input<typeof RegisterRequest>;

/**
 * Login only checks the shape: a too-short password is still just a wrong password,
 * so it gets `invalid_credentials`, not a hint about the rules.
 */
export const LoginRequest = z.object({
  email: Email,
  password: z
    .string({ error: "Password is required" })
    .min(1, { error: "Password is required" })
    .max(PASSWORD_MAX_LENGTH, {
      error: `Password must be at most ${PASSWORD_MAX_LENGTH} characters`,
    }),
});
export type LoginRequest = z.input<typeof LoginRequest>;

export const CURRENT_PASSWORD_REQUIRED = "Current password is required";

/** The change form: an account with a password proves it knows it. */
export const ChangePasswordRequest = z.object({
  currentPassword: z
    .string({ error: CURRENT_PASSWORD_REQUIRED })
    .min(1, { error: CURRENT_PASSWORD_REQUIRED })
    .max(PASSWORD_MAX_LENGTH, {
      error: `Password must be at most ${PASSWORD_MAX_LENGTH} characters`,
    }),
  newPassword: Password,
});
export type ChangePasswordRequest = z.input<typeof ChangePasswordRequest>;

/** The first password of an account created through a provider (its sign-in must be recent). */
export const SetPasswordRequest = ChangePasswordRequest.pick({ newPassword: true });
export type SetPasswordRequest = z.input<typeof SetPasswordRequest>;

/**
 * The body of POST /api/user/password: `currentPassword` is required only when the
 * account has a password (the API answers 400 on that field when it is missing).
 */
export const PasswordUpdateRequest = ChangePasswordRequest.partial({ currentPassword: true });
export type PasswordUpdateRequest = z.input<typeof PasswordUpdateRequest>;

export const UpdateProfileRequest = z.object({
  name: DisplayName,
});
export type UpdateProfileRequest = z.input<typeof UpdateProfileRequest>;

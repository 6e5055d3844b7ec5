/**
 * The one account the setup project registers and logs in, for tests that only look at a
 * logged-in page and change nothing (tests that change the session register their own).
 * Each run starts on an empty database, so a fixed, readable identity is safe and makes
 * the README's screenshots look like a real person's profile.
 */
export const SIGNED_IN_USER = {
  name: "Ada Lovelace",
  email: "ada@example.com",
  password: "analytical engine 1843",
} as const;

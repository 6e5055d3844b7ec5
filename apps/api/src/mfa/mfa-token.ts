import { createHash, randomBytes } from "node:crypto";

/** Five minutes to type the code from the authenticator app. */
export const MFA_TOKEN_TTL_SECONDS = 5 * 60;
export const MFA_TOKEN_MAX_ATTEMPTS = 5;

const PREFIX = "mfa_";
const SHAPE = /^mfa_[A-Za-z0-9_-]{43}$/;

/**
 * The proof that a password was right, waiting for its second factor. It is opaque and
 * stored (hashed) with an attempts counter, and shaped unlike both other tokens: it is not
 * a JWT, so passport-jwt refuses it as a Bearer token, and not 43 characters, so the
 * refresh endpoint refuses it at its shape check.
 */
export function newMfaToken(): string {
  return PREFIX + randomBytes(32).toString("base64url");
}

export function looksLikeMfaToken(value: unknown): value is string {
  return typeof value === "string" && SHAPE.test(value);
}

export function hashMfaToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

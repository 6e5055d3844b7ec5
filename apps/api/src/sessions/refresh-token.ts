import { createHash, createHmac, randomBytes, type KeyObject } from "node:crypto";

/** 256 random bits, base64url: the refresh token of a new session. */
export function newRefreshToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Only this hash is stored: a copy of the table does not let anyone refresh. */
export function hashRefreshToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/**
 * The child a token rotates into is derived from it with a server-side HMAC key, so
 * a parent presented again within the grace window (a second tab, a retried request)
 * gets the very same child without the server ever storing a token in clear.
 * Without the key, a child cannot be computed from its parent.
 */
export function childRefreshToken(parent: string, key: KeyObject): string {
  return createHmac("sha256", key).update("refresh-rotation:").update(parent).digest("base64url");
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Cheap shape check before any hashing or database work. */
export function looksLikeRefreshToken(value: unknown): value is string {
  return typeof value === "string" && TOKEN_SHAPE.test(value);
}

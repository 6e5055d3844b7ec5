import type { Request } from "express";

// Scheme is case-insensitive (RFC 9110 §11.1); exactly one space, then three base64url
// parts, and nothing after. passport-jwt's own extractor would also accept trailing junk.
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i;

/**
 * The JWT from `Authorization: Bearer <token>`, and from nowhere else: not a query
 * string, not a body, not a cookie. A request with two Authorization headers is refused
 * rather than guessed at. Returns `null` when there is no usable token.
 */
export function bearerToken(req: Request): string | null {
  const header = req.headers.authorization;
  if (header === undefined || countAuthorizationHeaders(req) > 1) return null;
  return BEARER.exec(header)?.[1] ?? null;
}

export function countAuthorizationHeaders(req: Request): number {
  let count = 0;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    // Only a name of the right length is lower-cased: no string made for the other headers.
    const name = raw[i]!;
    if (name.length === 13 && name.toLowerCase() === "authorization") count++;
  }
  return count;
}

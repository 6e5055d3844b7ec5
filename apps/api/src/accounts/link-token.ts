import { createHash, randomBytes } from "node:crypto";

export interface NewLinkSecret {
  /** Goes into the mailed link only; never stored, never logged. */
  token: string;
  /** What the store keeps. */
  hash: string;
}

/**
 * 256 random bits: no one guesses one, so a fast hash is enough to store it. A database
 * leak then yields no working link, and a lookup by hash takes the same time for any token.
 */
export function newLinkSecret(): NewLinkSecret {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

export type LinkPage = "verify-email" | "reset-password" | "confirm-email" | "cancel-email-change";

/** The token rides in the fragment, which browsers never send to a server or in a Referer. */
export function linkUrl(appUrl: string, page: LinkPage, token: string): string {
  return `${appUrl.replace(/\/+$/, "")}/${page}#token=${token}`;
}

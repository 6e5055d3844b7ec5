/**
 * Reads the payload of an access token without verifying it. The browser has no reason to
 * trust these claims and never uses them to decide what a user may do (the API verifies
 * every request); it only needs `exp` and `iat` to refresh in time, `sub` to notice
 * that another tab logged in as someone else, and `roles` to offer the admin console's link
 * (the console's API answers 403 to anyone else whatever the page shows).
 */

export interface TokenClaims {
  sub: string | undefined;
  iat: number | undefined;
  exp: number | undefined;
  /** Whether the account's email was verified when the token was issued. */
  emailVerified: boolean | undefined;
  /** Who is signed in, for the account menu (the profile page asks the API). */
  name: string | undefined;
  email: string | undefined;
  /** How the session's user last proved who they are (RFC 8176: "pwd", "otp", "fed"…). */
  amr: string[] | undefined;
  /** The `roles` claim: `["user"]`, `["admin","user"]`. */
  roles: string[];
}

function decodeBase64Url(segment: string): string {
  const base64 = segment.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (char) => char.charCodeAt(0));
  // Claims are UTF-8 JSON: a name like "Zoë" must not come out as mojibake.
  return new TextDecoder().decode(bytes);
}

export function readClaims(token: string): TokenClaims | null {
  const segments = token.split(".");
  const payload = segments[1];
  if (segments.length !== 3 || !payload) return null;
  try {
    const claims: unknown = JSON.parse(decodeBase64Url(payload));
    if (typeof claims !== "object" || claims === null) return null;
    const { sub, iat, exp, email_verified, name, email, amr, roles } = claims as Record<
      string,
      unknown
    >;
    return {
      sub: typeof sub === "string" ? sub : undefined,
      iat: typeof iat === "number" ? iat : undefined,
      exp: typeof exp === "number" ? exp : undefined,
      emailVerified: typeof email_verified === "boolean" ? email_verified : undefined,
      name: typeof name === "string" ? name : undefined,
      email: typeof email === "string" ? email : undefined,
      amr:
        Array.isArray(amr) && amr.every((value) => typeof value === "string")
          ? (amr as string[])
          : undefined,
      roles: Array.isArray(roles) ? roles.filter((role) => typeof role === "string") : [],
    };
  } catch {
    return null;
  }
}

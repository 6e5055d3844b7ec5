import { randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";
import type { KeyRing } from "./key-ring.js";

export interface AccessTokenSubject {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  /** The `roles` claim (RFC 9068 §2.2.3.1): what a role check reads, with no database read. */
  roles: readonly string[];
}

/** When and how the user last proved who they are in this session. */
export interface AccessTokenAuth {
  /** Epoch milliseconds. */
  authTime: number;
  amr: string[];
}

export interface TokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/** RFC 9068's media type for JWT access tokens: a token of another kind is never accepted. */
export const ACCESS_TOKEN_TYPE = "at+jwt";

/**
 * Signs an access token with exactly the claims protected routes need: who (`sub`,
 * `email`, `name`, `email_verified`, `roles`), which session (`sid`, for revocation), how recently
 * and how they proved it (`auth_time`, `amr`: for routes that want a fresh login), and
 * the standard checks.
 */
export function issueAccessToken(
  keys: KeyRing,
  settings: TokenSettings,
  subject: AccessTokenSubject,
  sessionId: string,
  auth: AccessTokenAuth,
  nowMs: number,
): { token: string; expiresIn: number } {
  const iat = Math.floor(nowMs / 1000);
  const token = jwt.sign(
    {
      sub: subject.id,
      email: subject.email,
      name: subject.name,
      sid: sessionId,
      auth_time: Math.floor(auth.authTime / 1000),
      amr: auth.amr,
      email_verified: subject.emailVerified,
      roles: subject.roles,
      iat,
      exp: iat + settings.ttlSeconds,
    },
    keys.signing.privateKey,
    {
      algorithm: keys.algorithm,
      keyid: keys.signing.kid,
      issuer: settings.issuer,
      audience: settings.audience,
      jwtid: randomUUID(),
      header: { alg: keys.algorithm, typ: ACCESS_TOKEN_TYPE },
    },
  );
  return { token, expiresIn: settings.ttlSeconds };
}

import { randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";
import type { KeyRing } from "./key-ring.js";

export interface AccessTokenSubject {
  id: string;
  email: string;
  name: string;
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
 * `email`, `name`), which session (`sid`, for revocation), and the standard checks.
 */
export function issueAccessToken(
  keys: KeyRing,
  settings: TokenSettings,
  subject: AccessTokenSubject,
  sessionId: string,
  nowMs: number,
): { token: string; expiresIn: number } {
  const iat = Math.floor(nowMs / 1000);
  const token = jwt.sign(
    {
      sub: subject.id,
      email: subject.email,
      name: subject.name,
      sid: sessionId,
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

import { createHash, createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";
import type { JwtAlgorithm } from "../config/env.js";

export interface VerificationKey {
  kid: string;
  key: KeyObject;
}

/**
 * The keys of one deployment, held as KeyObjects so jsonwebtoken never re-parses a
 * string secret or PEM per request. One key signs; every key in `verifiers` verifies
 * (the signing key and, during a rotation, the retiring ones until their tokens expire).
 */
export interface KeyRing {
  algorithm: JwtAlgorithm;
  signing: VerificationKey & { privateKey: KeyObject };
  verifiers: ReadonlyMap<string, KeyObject>;
  /** Public keys as an RFC 7517 key set; empty for HS256, whose secret never leaves. */
  jwks(): { keys: JsonWebKey[] };
}

export function createKeyRing(
  algorithm: JwtAlgorithm,
  signing: { privateKey: KeyObject; kid?: string | undefined },
  retiring: KeyObject[] = [],
): KeyRing {
  const symmetric = algorithm === "HS256";
  const verifyKeyOf = (key: KeyObject) =>
    symmetric ? key : key.type === "private" ? createPublicKey(key) : key;
  const signingKid = signing.kid ?? keyIdOf(verifyKeyOf(signing.privateKey));
  const verifiers = new Map<string, KeyObject>([[signingKid, verifyKeyOf(signing.privateKey)]]);
  for (const key of retiring) verifiers.set(keyIdOf(verifyKeyOf(key)), verifyKeyOf(key));

  return {
    algorithm,
    signing: { kid: signingKid, key: verifiers.get(signingKid)!, privateKey: signing.privateKey },
    verifiers,
    jwks() {
      if (symmetric) return { keys: [] };
      return {
        keys: [...verifiers].map(([kid, key]) => ({
          ...key.export({ format: "jwk" }),
          kid,
          alg: algorithm,
          use: "sig",
        })),
      };
    },
  };
}

/**
 * A key id that names the key without revealing it: the RFC 7638 thumbprint of a public
 * key, or a truncated SHA-256 of a secret (so two instances with the same secret agree).
 */
export function keyIdOf(key: KeyObject): string {
  if (key.type === "secret") {
    return createHash("sha256")
      .update("kid:")
      .update(key.export())
      .digest("base64url")
      .slice(0, 16);
  }
  const jwk = key.export({ format: "jwk" }) as Record<string, string>;
  const members =
    jwk.kty === "EC"
      ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
      : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return createHash("sha256").update(JSON.stringify(members)).digest("base64url");
}

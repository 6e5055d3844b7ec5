import type { KeyRing } from "../../../src/auth/key-ring.js";
import { ecdsa, hmac, jws, rsa, type Part } from "./jws.js";

/**
 * Signs anything with the server's own signing key, as only an insider (or a leaked key)
 * could: for the checks that must hold even when the signature is good. In-process only.
 */
export function signWithServerKey(
  keys: KeyRing,
  header: Record<string, unknown>,
  payload: Part,
  hash = "sha256",
): string {
  const key = keys.signing.privateKey;
  const fullHeader = { alg: keys.algorithm, typ: "at+jwt", kid: keys.signing.kid, ...header };
  if (keys.algorithm === "HS256") return jws(fullHeader, payload, hmac(key, hash));
  if (keys.algorithm === "ES256") return jws(fullHeader, payload, ecdsa(key, hash));
  return jws(fullHeader, payload, rsa(key, hash, String(fullHeader.alg).startsWith("PS")));
}

import { createSecretKey, hkdfSync, type KeyObject } from "node:crypto";
import type { KeyRing } from "../auth/key-ring.js";

/**
 * The HMAC key that derives a refresh token's child (see refresh-token.ts), derived with
 * HKDF from the signing key so every instance that shares the signing key agrees on it
 * and no further secret has to be configured.
 */
export function rotationKeyFrom(keys: KeyRing): KeyObject {
  const material =
    keys.signing.privateKey.type === "secret"
      ? keys.signing.privateKey.export()
      : keys.signing.privateKey.export({ format: "der", type: "pkcs8" });
  return createSecretKey(
    Buffer.from(hkdfSync("sha256", material, "jwt-auth", "refresh-token-rotation", 32)),
  );
}

import { hkdfSync } from "node:crypto";
import type { KeyRing } from "../auth/key-ring.js";

/**
 * The key that encrypts TOTP secrets: MFA_ENCRYPTION_KEY when set (required in
 * production), else derived with HKDF from the signing key, so a development instance
 * needs no further secret. A derived key changes with the signing key: set one of its own
 * wherever signing keys rotate.
 */
export function mfaKeyFrom(configured: Buffer | undefined, keys: KeyRing): Buffer {
  if (configured) return configured;
  const material =
    keys.signing.privateKey.type === "secret"
      ? keys.signing.privateKey.export()
      : keys.signing.privateKey.export({ format: "der", type: "pkcs8" });
  return Buffer.from(hkdfSync("sha256", material, "jwt-auth", "mfa-secret-encryption", 32));
}

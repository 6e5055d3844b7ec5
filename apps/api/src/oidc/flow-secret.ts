import type { KeyRing } from "../auth/key-ring.js";
import type { Config } from "../config/env.js";

/**
 * The secret the OIDC flow cookies are sealed under (each purpose derives its own key from
 * it, see sealed-box.ts): MFA_ENCRYPTION_KEY when it is set (it is in production), else the
 * signing key, which every instance shares already.
 */
export function flowSecretFrom(config: Config, keys: KeyRing): Buffer {
  if (config.mfaEncryptionKey) return config.mfaEncryptionKey;
  return keys.signing.privateKey.type === "secret"
    ? keys.signing.privateKey.export()
    : keys.signing.privateKey.export({ format: "der", type: "pkcs8" });
}

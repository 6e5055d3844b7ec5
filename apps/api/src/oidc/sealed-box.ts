import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * AES-256-GCM for small JSON values that travel through the browser (the OIDC flow
 * cookies): the browser can neither read them (the PKCE verifier and nonce stay secret)
 * nor change them (GCM authenticates). Each purpose gets its own key, derived by HKDF, and
 * the purpose is also the additional data, so a value sealed for one use opens for no other.
 */
export interface SealedBox {
  seal(value: unknown): string;
  /** The value, or undefined for anything that was not sealed by this box. */
  open(sealed: unknown): unknown;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function createSealedBox(secret: Buffer, purpose: string): SealedBox {
  const key = Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), `jwt-auth ${purpose}`, 32));
  const aad = Buffer.from(purpose);
  return {
    seal(value) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(aad);
      const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
    },
    open(sealed) {
      if (typeof sealed !== "string" || sealed.length > 4096) return undefined;
      const raw = Buffer.from(sealed, "base64url");
      if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES))
          .setAAD(aad)
          .setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        const text = Buffer.concat([
          decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString("utf8");
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    },
  };
}

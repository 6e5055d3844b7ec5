import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";
const TAG_LENGTH = 16;

/**
 * TOTP secrets are stored AES-256-GCM encrypted with MFA_ENCRYPTION_KEY: a copy of the
 * database alone does not let anyone compute codes. The user id is the additional
 * authenticated data, so a ciphertext moved to another user's row does not decrypt.
 */
export function encryptSecret(key: Buffer, userId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_LENGTH });
  cipher.setAAD(Buffer.from(userId, "utf8"));
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), body].map(encode).join(".");
}

export function decryptSecret(key: Buffer, userId: string, stored: string): string {
  const [version, iv, tag, body] = stored.split(".");
  if (version !== VERSION || !iv || !tag || !body) throw new Error("unknown secret format");
  // The tag length is pinned: GCM also takes 4 to 15 byte tags, and a stored value whose tag
  // was cut to 4 bytes would then be checked against 32 bits instead of 128.
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), {
    authTagLength: TAG_LENGTH,
  });
  decipher.setAAD(Buffer.from(userId, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([
    decipher.update(Buffer.from(body, "base64url")),
    decipher.final(),
  ]).toString("utf8");
}

function encode(part: string | Buffer): string {
  return typeof part === "string" ? part : part.toString("base64url");
}

import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "../../../src/mfa/secret-cipher.js";

// Someone who can write the database but not read MFA_ENCRYPTION_KEY swaps a user's stored
// TOTP secret. AES-GCM takes tags of 4 to 16 bytes unless told otherwise: a tag cut to its
// first 4 bytes still verified, leaving a forgery 32 bits of tag to get past instead of 128.
describe("the stored TOTP secret's authentication tag", () => {
  const key = randomBytes(32);
  const userId = "user-1";
  const stored = encryptSecret(key, userId, "JBSWY3DPEHPK3PXP");
  const [version, iv, tag, body] = stored.split(".") as [string, string, string, string];

  it("when the secret is stored whole, then it decrypts", () => {
    expect(decryptSecret(key, userId, stored)).toBe("JBSWY3DPEHPK3PXP");
  });

  it.each([4, 8, 12, 15])("when the tag is cut to %i bytes, then it is refused", (bytes) => {
    const cut = Buffer.from(tag, "base64url").subarray(0, bytes).toString("base64url");
    expect(() => decryptSecret(key, userId, [version, iv, cut, body].join("."))).toThrow();
  });

  it("when the tag is altered or the row moved to another user, then it is refused", () => {
    const flipped = Buffer.from(tag, "base64url");
    flipped[0]! ^= 1;
    expect(() =>
      decryptSecret(key, userId, [version, iv, flipped.toString("base64url"), body].join(".")),
    ).toThrow();
    expect(() => decryptSecret(key, "user-2", stored)).toThrow();
  });
});

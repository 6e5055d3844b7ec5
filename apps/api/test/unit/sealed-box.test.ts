import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSealedBox } from "../../src/oidc/sealed-box.js";

describe("sealed box (the OIDC flow cookie's envelope)", () => {
  const secret = randomBytes(32);
  const box = createSealedBox(secret, "oidc-flow");

  it("when a value is sealed, then it opens to the same value and cannot be read without the key", () => {
    const sealed = box.seal({ nonce: "n-0123456789", verifier: "v-abcdef" });
    expect(box.open(sealed)).toEqual({ nonce: "n-0123456789", verifier: "v-abcdef" });
    expect(Buffer.from(sealed, "base64url").toString("latin1")).not.toContain("n-0123456789");
  });

  it("when any byte of it is changed, then it does not open", () => {
    const raw = Buffer.from(box.seal({ state: "s" }), "base64url");
    for (const index of [0, 14, raw.length - 1]) {
      const tampered = Buffer.from(raw);
      tampered[index]! ^= 1;
      expect(box.open(tampered.toString("base64url"))).toBeUndefined();
    }
  });

  it("when it was sealed for another purpose or with another secret, then it does not open", () => {
    const sealed = box.seal({ state: "s" });
    expect(createSealedBox(secret, "oidc-link").open(sealed)).toBeUndefined();
    expect(createSealedBox(randomBytes(32), "oidc-flow").open(sealed)).toBeUndefined();
  });

  it("when it is not a sealed value at all, then it does not open", () => {
    for (const junk of [undefined, 42, "", "abc", "x".repeat(5000)]) {
      expect(box.open(junk)).toBeUndefined();
    }
  });
});

import { hash } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import {
  ARGON2ID_OWASP,
  createPasswordHasher,
  OWASP_DUMMY_HASH,
} from "../../src/auth/password-hasher.js";

/** `$argon2id$v=19$m=19456,t=2,p=1$`: what decides how long a verification takes. */
const parametersOf = (encoded: string) => encoded.split("$").slice(0, 4).join("$");

describe("the password hasher's dummy hash", () => {
  it("when the parameters are the default ones, then the fixed dummy hash has exactly the parameters of a fresh hash (an unknown email costs what a wrong password costs)", async () => {
    const fresh = await hash("any password", ARGON2ID_OWASP);
    expect(parametersOf(OWASP_DUMMY_HASH)).toBe(parametersOf(fresh));
  });

  it("when there is no account or no password, then verifying never succeeds", async () => {
    const hasher = await createPasswordHasher();
    expect(await hasher.verify(undefined, "dummy password that no account has")).toBe(false);
    expect(await hasher.verify("", "")).toBe(false);
    const stored = await hasher.hash("the right password");
    expect(await hasher.verify(stored, "the right password")).toBe(true);
  });

  it("when there is no account or no password, then argon2id still verifies once, against the dummy hash", async () => {
    const hasher = await createPasswordHasher();
    const stored = await hasher.hash("the right password");
    for (const [account, password] of [
      [undefined, "a guess"],
      ["", "a guess"],
      [stored, "a wrong guess"],
    ] as const) {
      const before = hasher.argon2Verifications();
      await hasher.verify(account, password);
      expect(hasher.argon2Verifications() - before, `account ${String(account)}`).toBe(1);
    }
  });
});

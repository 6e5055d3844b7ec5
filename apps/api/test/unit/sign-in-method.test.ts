import { describe, expect, it } from "vitest";
import { signInMethodOf } from "../../src/security/list-sessions.js";

describe("how a session signed in, from its stored amr", () => {
  it.each([
    ['["pwd"]', "password"],
    ['["pwd","mfa","otp"]', "password"],
    ['["hwk","user"]', "passkey"],
    ['["fed"]', "provider"],
    ['["fed","mfa","otp"]', "provider"],
    [null, "password"],
  ] as const)("when the amr is %s, then it is %s", (amr, method) => {
    expect(signInMethodOf(amr)).toBe(method);
  });
});

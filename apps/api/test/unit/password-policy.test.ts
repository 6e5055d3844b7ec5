import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/errors/domain-error.js";
import { assertPasswordAllowed, commonPasswordCount } from "../../src/users/password-policy.js";

async function refusal(
  password: string,
  email: string,
  field: "password" | "newPassword" = "password",
) {
  try {
    await assertPasswordAllowed(password, email, field);
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, errors: error.errors };
  }
}

describe("password policy (NIST SP 800-63B)", () => {
  it("holds at least 10,000 common passwords", async () => {
    expect(await commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
  });

  it("when the password is a common one, in any case, then it is refused on that field with the reason", async () => {
    for (const password of ["password1", "PASSWORD1", "Qwertyuiop", "iloveyou1"]) {
      expect(await refusal(password, "ada@example.com", "newPassword")).toEqual({
        code: "validation_failed",
        errors: { newPassword: [expect.stringMatching(/most common/)] },
      });
    }
  });

  it("when the password is the account's email, then it is refused", async () => {
    expect((await refusal("Ada@Example.com", "ada@example.com"))?.errors).toEqual({
      password: ["Password must not be your email address"],
    });
  });

  it("when the password is uncommon, then nothing about its composition is asked", async () => {
    for (const password of ["correct horse battery staple", "aaaaaaaaaaaab", "zürich im märz"]) {
      expect(await refusal(password, "ada@example.com")).toBeUndefined();
    }
  });
});

import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/errors/domain-error.js";
import { assertPasswordAllowed, COMMON_PASSWORD_COUNT } from "../../src/users/password-policy.js";

function refusal(password: string, email: string, field: "password" | "newPassword" = "password") {
  try {
    assertPasswordAllowed(password, email, field);
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, errors: error.errors };
  }
}

describe("password policy (NIST SP 800-63B)", () => {
  it("holds at least 10,000 common passwords", () => {
    expect(COMMON_PASSWORD_COUNT).toBeGreaterThanOrEqual(10_000);
  });

  it("when the password is a common one, in any case, then it is refused on that field with the reason", () => {
    for (const password of ["password1", "PASSWORD1", "Qwertyuiop", "iloveyou1"]) {
      expect(refusal(password, "ada@example.com", "newPassword")).toEqual({
        code: "validation_failed",
        errors: { newPassword: [expect.stringMatching(/most common/)] },
      });
    }
  });

  it("when the password is the account's email, then it is refused", () => {
    expect(refusal("Ada@Example.com", "ada@example.com")?.errors).toEqual({
      password: ["Password must not be your email address"],
    });
  });

  it("when the password is uncommon, then nothing about its composition is asked", () => {
    for (const password of ["correct horse battery staple", "aaaaaaaaaaaab", "zürich im märz"]) {
      expect(refusal(password, "ada@example.com")).toBeUndefined();
    }
  });
});

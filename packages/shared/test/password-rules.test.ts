import { describe, expect, it } from "vitest";
import { checkPasswordRules, RegisterRequest, toFieldErrors } from "../src/index.js";

const common = new Set(["password", "qwerty123"]);
const isCommon = (lowered: string) => common.has(lowered);
const met = (password: string, email: string, list: typeof isCommon | null = isCommon) =>
  Object.fromEntries(checkPasswordRules(password, email, list).map((r) => [r.id, r.met]));

describe("checkPasswordRules", () => {
  it("when the password is long, uncommon and not the email, then every rule is met", () => {
    expect(met("correct horse battery", "ada@example.com")).toEqual({
      length: true,
      common: true,
      email: true,
    });
  });

  it("when the password is short, then only the length rule fails", () => {
    expect(met("tiny", "ada@example.com")).toEqual({ length: false, common: true, email: true });
  });

  it("when the password is a common one in any case, then the common rule fails", () => {
    expect(met("PassWord", "ada@example.com").common).toBe(false);
  });

  it("when the password is the email with other capitals, then the email rule fails", () => {
    expect(met("Ada@Example.com", " ada@example.com ").email).toBe(false);
  });

  it("when the common list is not loaded yet, then that rule is unknown, not met", () => {
    expect(met("correct horse battery", "", null).common).toBeNull();
  });

  it("when nothing is typed yet, then no rule is met", () => {
    expect(met("", "ada@example.com")).toEqual({ length: false, common: false, email: false });
  });
});

describe("Password", () => {
  it("when the password is empty, then it says it is required, as the login form does", () => {
    const parsed = RegisterRequest.safeParse({ email: "a@b.co", password: "", name: "A" });
    expect(parsed.success).toBe(false);
    expect(toFieldErrors(parsed.error!).password).toEqual(["Password is required"]);
  });
});

import { describe, expect, it } from "vitest";
import {
  ChangePasswordRequest,
  LoginRequest,
  RegisterRequest,
  toFieldErrors,
} from "../src/index.js";

describe("RegisterRequest", () => {
  it("when the email has spaces, capitals and a decomposed accent, then it is stored in one canonical form", () => {
    const parsed = RegisterRequest.parse({
      email: "  Ze\u0301lia@Example.COM ",
      password: "correct horse",
      name: " Zélia ",
    });
    expect(parsed.email).toBe("z\u00e9lia@example.com".normalize("NFC"));
    expect(parsed.name).toBe("Zélia");
  });

  it("when the password has surrounding spaces, then they are kept exactly", () => {
    const parsed = RegisterRequest.parse({ email: "a@b.co", password: "  spaced  ", name: "A" });
    expect(parsed.password).toBe("  spaced  ");
  });

  it("when the password is too short or too long, then each field error names the rule", () => {
    const short = RegisterRequest.safeParse({ email: "a@b.co", password: "short", name: "A" });
    const long = RegisterRequest.safeParse({
      email: "a@b.co",
      password: "x".repeat(129),
      name: "A",
    });
    expect(short.success).toBe(false);
    expect(long.success).toBe(false);
    expect(toFieldErrors(short.error!).password).toEqual([
      "Password must be at least 8 characters",
    ]);
    expect(toFieldErrors(long.error!).password).toEqual([
      "Password must be at most 128 characters",
    ]);
  });

  it("when a password is made of emoji, then its length is counted in characters, not UTF-16 units", () => {
    const parse = (password: string) =>
      RegisterRequest.safeParse({ email: "a@b.co", password, name: "A" });
    // Seven emoji are 14 units but 7 characters: too short. 128 are 256 units: allowed.
    expect(toFieldErrors(parse("🔑".repeat(7)).error!).password).toEqual([
      "Password must be at least 8 characters",
    ]);
    expect(parse("🔑".repeat(8)).success).toBe(true);
    expect(parse("🔑".repeat(128)).success).toBe(true);
    expect(parse(`${"🔑".repeat(127)}ab`).success).toBe(false);
    expect(toFieldErrors(parse("🔑".repeat(129)).error!).password).toEqual([
      "Password must be at most 128 characters",
    ]);
    // Plain text at the bounds, as before.
    expect(parse("x".repeat(8)).success).toBe(true);
    expect(parse("x".repeat(128)).success).toBe(true);
  });

  it("when fields have the wrong types, then every field is reported", () => {
    const result = RegisterRequest.safeParse({ email: ["a@b.co"], password: { $gt: "" }, name: 7 });
    expect(result.success).toBe(false);
    expect(Object.keys(toFieldErrors(result.error!)).sort()).toEqual(["email", "name", "password"]);
  });

  it("when the body is not an object, then the error is reported at the root", () => {
    const result = RegisterRequest.safeParse("email=a@b.co");
    expect(result.success).toBe(false);
    expect(toFieldErrors(result.error!)).toHaveProperty([""]);
  });

  it("when extra fields are sent, then they are dropped from the parsed value", () => {
    const parsed = RegisterRequest.parse({
      email: "a@b.co",
      password: "12345678",
      name: "A",
      role: "admin",
    });
    expect(parsed).not.toHaveProperty("role");
  });
});

describe("LoginRequest", () => {
  it("when the password is short, then it is still accepted as a login attempt", () => {
    expect(LoginRequest.safeParse({ email: "a@b.co", password: "x" }).success).toBe(true);
  });

  it("when the email is not an address, then it is rejected", () => {
    const result = LoginRequest.safeParse({ email: "not-an-email", password: "whatever1" });
    expect(result.success).toBe(false);
    expect(toFieldErrors(result.error!).email).toEqual(["Enter a valid email address"]);
  });
});

describe("ChangePasswordRequest", () => {
  it("when the new password breaks the rules, then only that field is reported", () => {
    const result = ChangePasswordRequest.safeParse({
      currentPassword: "old-password",
      newPassword: "short",
    });
    expect(result.success).toBe(false);
    expect(Object.keys(toFieldErrors(result.error!))).toEqual(["newPassword"]);
  });
});

describe("Email", () => {
  it.each(["a@b", "a b@c.io", "a\u0000@c.io", "<a>@c.io", "a@c.io.", "@c.io", "a@-c.io"])(
    "when the address is %j, then it is rejected",
    (email) => {
      expect(LoginRequest.safeParse({ email, password: "x" }).success).toBe(false);
    },
  );

  it.each(["first.last+tag@sub.example.org", "josé@exämple.de", "用户@例子.广告"])(
    "when the address is %j, then it is accepted",
    (email) => {
      expect(LoginRequest.safeParse({ email, password: "x" }).success).toBe(true);
    },
  );
});

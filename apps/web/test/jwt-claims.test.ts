import { describe, expect, it } from "vitest";
import { readClaims } from "../src/lib/jwt-claims";
import { makeJwt } from "./helpers";

describe("readClaims", () => {
  it("when given a JWT, then it reads sub, iat and exp from the base64url payload", () => {
    const token = makeJwt({ sub: "user-42", iat: 1_700_000_000, exp: 1_700_000_900 });
    expect(readClaims(token)).toEqual({
      sub: "user-42",
      iat: 1_700_000_000,
      exp: 1_700_000_900,
      roles: [],
    });
  });

  it("when the payload holds non-ASCII text and base64url characters, then it still decodes", () => {
    // "Zoë ✓" in UTF-8 with '?' and '>' produce '-' and '_' in base64url.
    const token = makeJwt({ sub: "??>>Zoë ✓", iat: 1, exp: 2 });
    expect(token.split(".")[1]).toMatch(/[-_]/);
    expect(readClaims(token)?.sub).toBe("??>>Zoë ✓");
  });

  it.each([
    ["not a token", "not-a-jwt"],
    ["two segments", "a.b"],
    ["a payload that is not base64", "a.***.c"],
    ["a payload that is not JSON", `a.${btoa("nope")}.c`],
    ["a payload that is not an object", `a.${btoa("42")}.c`],
  ])("when given %s, then it returns null", (_, token) => {
    expect(readClaims(token)).toBeNull();
  });

  it("when claims have the wrong types, then they come back undefined", () => {
    const token = `a.${btoa(JSON.stringify({ sub: 7, exp: "soon" }))}.c`;
    expect(readClaims(token)).toEqual({
      sub: undefined,
      iat: undefined,
      exp: undefined,
      roles: [],
    });
  });
});

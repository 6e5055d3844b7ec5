import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, type Account } from "./support/client.js";
import { expectTokenRefused } from "./support/expect-problem.js";
import { httpRequest, rawRequest } from "./support/raw-http.js";
import type { Target } from "./support/target.js";
import { startTargetWithUser } from "./support/target-with-user.js";

// RFC 6750 §2.1 and the API contract: the access token travels in exactly one place, one
// `Authorization: Bearer <token>` header, written exactly; anything looser is refused.
describe("the Authorization header", () => {
  let target: Target;
  let client: Client;
  let user: Account;

  beforeAll(async () => {
    ({ target, client, user } = await startTargetWithUser());
  });
  afterAll(() => target?.close());

  const withAuthorization = (value: string) =>
    client.get(apiPaths.profile, { headers: { Authorization: value } });

  it("when the scheme is written in any letter case, then the token is accepted (auth schemes are case-insensitive, RFC 9110 §11.1)", async () => {
    for (const scheme of ["Bearer", "bearer", "BEARER", "bEaReR"]) {
      expect((await withAuthorization(`${scheme} ${user.accessToken}`)).status).toBe(200);
    }
  });

  it.each([
    ["two spaces after the scheme", (t: string) => `Bearer  ${t}`],
    ["a tab after the scheme", (t: string) => `Bearer\t${t}`],
    ["no space after the scheme", (t: string) => `Bearer${t}`],
    ["no scheme", (t: string) => t],
    ["another scheme", (t: string) => `Token ${t}`],
    ["the Basic scheme", (t: string) => `Basic ${t}`],
    ["the JWT scheme", (t: string) => `JWT ${t}`],
    ["the token quoted", (t: string) => `Bearer "${t}"`],
    ["trailing junk after a space", (t: string) => `Bearer ${t} junk`],
    ["a trailing comma", (t: string) => `Bearer ${t},`],
    ["a second credential", (t: string) => `Bearer ${t}, Bearer ${t}`],
    ["a trailing dot", (t: string) => `Bearer ${t}.`],
    ["a fourth part (JWE-like)", (t: string) => `Bearer ${t}.AAAA`],
    ["the scheme alone", () => "Bearer"],
    ["the scheme and a space", () => "Bearer "],
  ])("when the header has %s, then the request is refused", async (_label, build) => {
    expectTokenRefused(await withAuthorization(build(user.accessToken)), "token_invalid");
  });

  it("when no Authorization header is sent, then the answer is token_missing with a bare challenge", async () => {
    expectTokenRefused(await client.get(apiPaths.profile), "token_missing");
  });

  it("when the token comes in the query string, then it is ignored", async () => {
    for (const name of ["access_token", "token", "jwt", "auth", "Authorization"]) {
      expectTokenRefused(
        await client.get(`${apiPaths.profile}?${name}=${user.accessToken}`),
        "token_missing",
      );
    }
  });

  it("when the token comes in the body, then it is ignored", async () => {
    const reply = await client.request("PATCH", apiPaths.profile, {
      json: { name: "Mallory", access_token: user.accessToken },
    });
    expectTokenRefused(reply, "token_missing");
    expectTokenRefused(
      await client.post(apiPaths.logoutAll, { json: { access_token: user.accessToken } }),
      "token_missing",
    );
  });

  it("when the token comes in a cookie or a non-standard header, then it is ignored", async () => {
    for (const headers of <Array<Record<string, string>>>[
      { Cookie: `access_token=${user.accessToken}` },
      { Cookie: `jwt=${user.accessToken}; token=${user.accessToken}` },
      { "X-Access-Token": user.accessToken },
      { "X-Auth-Token": user.accessToken },
      { "Proxy-Authorization": `Bearer ${user.accessToken}` },
    ]) {
      expectTokenRefused(await client.get(apiPaths.profile, { headers }), "token_missing");
    }
  });

  it("when two Authorization headers arrive, then the request is refused rather than guessed at", async () => {
    const send = (...values: string[]) =>
      rawRequest(
        target.url,
        httpRequest(target.url, "GET", apiPaths.profile, [
          `X-Forwarded-For: ${client.address}`,
          ...values.map((v) => `Authorization: ${v}`),
        ]),
      );
    const control = await send(`Bearer ${user.accessToken}`);
    expect(control.status).toBe(200);
    for (const pair of [
      [`Bearer ${user.accessToken}`, `Bearer ${user.accessToken}`],
      [`Bearer ${user.accessToken}`, "Bearer junk.junk.junk"],
      ["Bearer junk.junk.junk", `Bearer ${user.accessToken}`],
      ["Basic Zm9vOmJhcg==", `Bearer ${user.accessToken}`],
    ]) {
      const reply = await send(...pair);
      expect(reply.status).toBe(401);
      expect(reply.body).toContain('"code":"token_invalid"');
    }
  });

  it("when the headers are oversized, then the server answers 431 and goes on serving", async () => {
    const reply = await rawRequest(
      target.url,
      httpRequest(target.url, "GET", apiPaths.profile, [
        `Authorization: Bearer ${user.accessToken}`,
        `X-Padding: ${"a".repeat(70_000)}`,
      ]),
    );
    expect(reply.status).toBe(431);
    expect(reply.body).not.toMatch(/\bat |Error/);
    expect((await client.profile(user.accessToken)).status).toBe(200);
  });

  it("when the Authorization header itself is huge, then it is refused without harm", async () => {
    const reply = await withAuthorization(`Bearer ${user.accessToken}${"A".repeat(12_000)}`);
    expect([401, 431]).toContain(reply.status);
    expect((await client.profile(user.accessToken)).status).toBe(200);
  });
});

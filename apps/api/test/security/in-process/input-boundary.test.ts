import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DIALECTS } from "../../postgres/test-database.js";
import { Client, uniqueEmail, type Account } from "../support/client.js";
import { expectProblem } from "../support/expect-problem.js";
import { httpRequest, rawRequest } from "../support/raw-http.js";
import { startInProcess, type InProcessTarget } from "../support/target.js";

// What an outside fuzz of the OpenAPI document found (30 answers of 500 on SQLite, 38 on
// PostgreSQL): a path parameter that is not percent-encoded UTF-8 made the router throw
// before authentication, and a NUL in an id or a body field reached PostgreSQL (22021).
// Every string of a path, a query or a body now passes one boundary: 400, naming where.
describe.each(DIALECTS)("the input boundary on %s", (dialect) => {
  let place: Awaited<ReturnType<typeof createTestDatabase>>;
  let target: InProcessTarget;
  let client: Client;
  let user: Account;

  beforeAll(async () => {
    place = await createTestDatabase(dialect);
    target = await startInProcess({ env: { DATABASE_URL: place.url } });
    client = new Client(target);
    user = await client.register();
  });

  afterAll(async () => {
    await target?.close();
    await place?.drop();
  });

  const idRoutes: Array<[method: string, template: string]> = [
    ["DELETE", "/api/user/sessions/{}"],
    ["DELETE", "/api/user/passkeys/{}"],
    ["DELETE", "/api/user/identities/{}"],
    ["POST", "/api/user/identities/{}"],
    ["GET", "/api/auth/oidc/{}"],
    ["GET", "/api/auth/oidc/{}/callback"],
  ];
  const badEscapes = ["%ZZ", "%", "%FF", "%C0%AF", "%ED%A0%80"];

  it.each(idRoutes)(
    "when %s %s gets a path that is not percent-encoded UTF-8, then it is 400 before authentication",
    async (method, template) => {
      for (const escape of badEscapes) {
        const reply = await client.request(method, template.replace("{}", escape));
        expectProblem(reply, 400, "validation_failed");
        expect(reply.body.errors).toEqual({ path: [expect.any(String)] });
      }
    },
  );

  it.each(idRoutes)(
    "when %s %s gets an id with a NUL or another control character, then it is 400 and no store sees it",
    async (method, template) => {
      for (const id of ["a%00b", "%00", "%1B[31m", "%7F", "%C2%85", "x%0Ay"]) {
        const reply = await client.request(method, template.replace("{}", id), {
          bearer: user.accessToken,
        });
        expectProblem(reply, 400, "validation_failed");
        expect(reply.body.errors.path).toHaveLength(1);
      }
    },
  );

  it("when the path is written in capitals or as an absolute URL, then it is checked all the same", async () => {
    // Express routes /API/... like /api/... and an absolute request target by its path:
    // neither may reach a route unchecked.
    const shouted = await client.request("DELETE", "/API/USER/SESSIONS/a%00b", {
      bearer: user.accessToken,
    });
    expectProblem(shouted, 400, "validation_failed");
    const absolute = await rawRequest(
      target.url,
      httpRequest(target.url, "DELETE", `${target.url}/api/user/sessions/a%00b`, [
        `Authorization: Bearer ${user.accessToken}`,
      ]),
    );
    expect(absolute.status).toBe(400);
    expect(JSON.parse(absolute.body)).toMatchObject({ code: "validation_failed" });
  });

  it("when a query parameter is badly encoded or holds a control character, then it is 400 naming it", async () => {
    const cases: Array<[query: string, field: string]> = [
      ["before=%00", "before"],
      ["before=a%1Fb", "before"],
      ["limit=%FF", "limit"],
      ["limit=%C0%AF", "limit"],
      ["before=%C2%9F", "before"],
      ["%ZZ=1", "query"],
      ["x%00=1", "query"],
    ];
    for (const [query, field] of cases) {
      const reply = await client.get(`${apiPaths.activity}?${query}`, {
        bearer: user.accessToken,
      });
      expectProblem(reply, 400, "validation_failed");
      expect(Object.keys(reply.body.errors)).toEqual([field]);
    }
    expect(
      (await client.get(`${apiPaths.activity}?limit=5`, { bearer: user.accessToken })).status,
    ).toBe(200);
  });

  it("when a body field holds a NUL, a lone surrogate or a C1 control, then it is 400 naming the field", async () => {
    const cases: Array<[path: string, body: unknown, field: string]> = [
      [apiPaths.passkeyLogin, { challengeId: "a\u0000b", credential: {} }, "challengeId"],
      [apiPaths.passkeyLogin, { challengeId: "c", credential: { id: "\ud800" } }, "credential.id"],
      [apiPaths.login, { email: `a\u0000${uniqueEmail()}`, password: "x" }, "email"],
      [apiPaths.login, { email: `\udfff${uniqueEmail()}`, password: "x" }, "email"],
      [apiPaths.passwordForgot, { email: `${uniqueEmail()}\u0085` }, "email"],
      [apiPaths.verifyEmail, { token: "abc\u001b" }, "token"],
      [apiPaths.verifyEmail, { token: "abc", extra: { "k\u0000": 1 } }, "extra"],
    ];
    for (const [path, json, field] of cases) {
      const reply = await client.post(path, { json });
      expectProblem(reply, 400, "validation_failed");
      expect(Object.keys(reply.body.errors)).toEqual([field]);
    }
  });

  it("when a JSON body is not valid UTF-8, then it is 400, not read as U+FFFD", async () => {
    const bytes = Buffer.concat([
      Buffer.from(`{"email":"${user.email}","password":"`),
      Buffer.from([0xff, 0xc0, 0xaf]),
      Buffer.from('"}'),
    ]);
    const res = await fetch(`${target.url}${apiPaths.login}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-For": client.address },
      body: bytes,
    });
    const text = await res.text();
    expect(res.status, text).toBe(400);
    expect(JSON.parse(text)).toMatchObject({
      code: "validation_failed",
      errors: { body: [expect.any(String)] },
    });
  });

  it("when a password holds controls, tabs and newlines, then it is kept and verified exactly as sent", async () => {
    const password = "\u0001pass\tword\n\u007f\u0085\u009f end\r";
    const account = await client.register({ password });
    expect((await client.login(account.email, password)).status).toBe(200);
    expectProblem(await client.login(account.email, password.trim()), 401, "invalid_credentials");
  });

  it("when a password holds a lone surrogate, then it is 400 naming the field (it is not text)", async () => {
    const reply = await client.post(apiPaths.register, {
      json: { email: uniqueEmail(), password: "long enough\ud800pw", name: "Ada" },
    });
    expectProblem(reply, 400, "validation_failed");
    expect(Object.keys(reply.body.errors)).toEqual(["password"]);
    const change = await client.post(apiPaths.password, {
      json: { currentPassword: "x\udfff", newPassword: "long enough pw" },
      bearer: user.accessToken,
    });
    expectProblem(change, 400, "validation_failed");
    expect(Object.keys(change.body.errors)).toEqual(["currentPassword"]);
  });

  it("when an email comes with the whitespace a form leaves around it, then the schema trims it and it is accepted", async () => {
    const account = await client.register({ email: ` ${uniqueEmail()}\t` });
    expect(account.email).not.toMatch(/\s/);
  });
});

import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, uniqueEmail, type Account } from "./support/client.js";
import { expectProblem } from "./support/expect-problem.js";
import { httpRequest, rawRequest } from "./support/raw-http.js";
import type { Target } from "./support/target.js";
import { startTargetWithUser } from "./support/target-with-user.js";

// OWASP Input Validation, Mass Assignment and Prototype Pollution cheat sheets, ASVS 5.0
// V1-V2: hostile bodies are refused with a problem, never interpreted, never crash.
describe("hostile input", () => {
  let target: Target;
  let client: Client;
  let user: Account;

  beforeAll(async () => {
    ({ target, client, user } = await startTargetWithUser());
  });
  afterAll(() => target?.close());

  describe("SQL injection", () => {
    const payloads = [
      "' OR '1'='1",
      "'; DROP TABLE users; --",
      '" OR ""="',
      "1; SELECT * FROM sessions",
      "admin'--",
      "' UNION SELECT password_hash FROM users --",
    ];

    it("when SQL arrives in the password, then it is just a wrong password", async () => {
      for (const password of payloads)
        expectProblem(await client.login(user.email, password), 401, "invalid_credentials");
    });

    it("when SQL arrives in the email, then it is refused or matches nobody", async () => {
      for (const payload of payloads) {
        const reply = await client.login(`${payload}@example.com`, user.password);
        expect([400, 401]).toContain(reply.status);
        const bare = await client.login(payload, user.password);
        expectProblem(bare, 400, "validation_failed");
      }
      const quoted = await client.login(`x'or'1'='1@example.com`, user.password);
      expectProblem(quoted, 401, "invalid_credentials");
    });

    it("when SQL is stored as a name or password, then it comes back verbatim and the tables are intact", async () => {
      const name = "Robert'); DROP TABLE users;--";
      const bobby = await client.register({ name, password: "' OR '1'='1' --" });
      expect(bobby.name).toBe(name);
      const login = await client.login(bobby.email, "' OR '1'='1' --");
      expect(login.status).toBe(200);
      expect(login.body.user.name).toBe(name);
      expect((await client.login(user.email, user.password)).status).toBe(200);
    });
  });

  describe("prototype pollution", () => {
    const pollute = [
      '{"__proto__":{"polluted":"yes","json spaces":4,"status":510,"isAdmin":true}}',
      '{"constructor":{"prototype":{"polluted":"yes","json spaces":4,"isAdmin":true}}}',
    ];

    it("when bodies carry __proto__ or constructor.prototype, then nothing is polluted", async () => {
      for (const extra of pollute) {
        const merge = (fields: Record<string, unknown>) =>
          `${JSON.stringify(fields).slice(0, -1)},${extra.slice(1)}`;
        const email = uniqueEmail("proto");
        const register = await client.post(apiPaths.register, {
          body: merge({ email, password: "long enough 1", name: "Proto" }),
          contentType: "application/json",
        });
        expect(register.status).toBe(201);
        expect(register.body.user).not.toHaveProperty("isAdmin");
        expect(register.body.user).not.toHaveProperty("polluted");
        expect(
          (
            await client.post(apiPaths.login, {
              body: merge({ email, password: "long enough 1" }),
              contentType: "application/json",
            })
          ).status,
        ).toBe(200);
        const patch = await client.request("PATCH", apiPaths.profile, {
          bearer: register.body.accessToken,
          body: merge({ name: "Proto" }),
          contentType: "application/json",
        });
        expect(patch.status).toBe(200);
        expect(Object.keys(patch.body).sort()).toEqual([
          "createdAt",
          "email",
          "emailVerified",
          "hasPassword",
          "id",
          "name",
        ]);
      }
      // Seen from outside: a polluted Object.prototype would indent Express's JSON ("json
      // spaces") or change a status; neither happened.
      const health = await client.get(apiPaths.health);
      expect(health.status).toBe(200);
      expect(health.text).toBe('{"status":"ok"}');
      // Seen from inside, when the app runs in this process.
      if (target.app) expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  describe("bodies that are not the JSON we take", () => {
    const routes = [
      { method: "POST", path: apiPaths.register, auth: false },
      { method: "POST", path: apiPaths.login, auth: false },
      { method: "PATCH", path: apiPaths.profile, auth: true },
      { method: "POST", path: apiPaths.password, auth: true },
    ];

    it.each([
      ["text/plain", '{"email":"a@example.com","password":"x"}'],
      ["application/x-www-form-urlencoded", "email=a%40example.com&password=x"],
      [
        "multipart/form-data; boundary=x",
        '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na@example.com\r\n--x--',
      ],
      ["application/xml", "<login><email>a@example.com</email></login>"],
      ["application/json; charset=iso-8859-1", '{"email":"a@example.com"}'],
    ])("when the Content-Type is %s, then the answer is 415", async (contentType, body) => {
      for (const route of routes) {
        const reply = await client.request(route.method, route.path, {
          body,
          contentType,
          ...(route.auth ? { bearer: user.accessToken } : {}),
        });
        expectProblem(reply, 415, "unsupported_media_type");
      }
    });

    it("when a body comes without any Content-Type, then the answer is 415", async () => {
      const reply = await rawRequest(
        target.url,
        httpRequest(
          target.url,
          "POST",
          apiPaths.login,
          [`X-Forwarded-For: ${client.address}`],
          '{"email":"a@example.com","password":"x"}',
        ),
      );
      expect(reply.status).toBe(415);
      expect(reply.body).toContain('"code":"unsupported_media_type"');
    });

    it.each([
      ["truncated", '{"email":"a@example.com","password":"x'],
      ["single-quoted", "{'email':'a@example.com'}"],
      ["trailing comma", '{"email":"a@example.com",}'],
      ["a bare word", "undefined"],
      ["a JavaScript object", '{email: "a@example.com"}'],
      ["a top-level string", '"a@example.com"'],
      ["a top-level number", "42"],
      ["NaN", '{"password": NaN}'],
    ])("when the JSON is malformed (%s), then the answer is 400", async (_label, body) => {
      for (const route of routes) {
        const reply = await client.request(route.method, route.path, {
          body,
          contentType: "application/json",
          ...(route.auth ? { bearer: user.accessToken } : {}),
        });
        expectProblem(reply, 400, "malformed_json");
      }
    });

    it.each([
      ["an array", "[]"],
      ["null", "null"],
      ["an empty object", "{}"],
    ])(
      "when the JSON is %s rather than the expected object, then the answer is 400",
      async (_label, body) => {
        const reply = await client.post(apiPaths.login, { body, contentType: "application/json" });
        expect(reply.status).toBe(400);
        expect(["validation_failed", "malformed_json"]).toContain(reply.body.code);
      },
    );

    it("when the JSON is nested tens of thousands of levels deep, then the answer is 400 and the server carries on", async () => {
      // Both just under the 100 kB limit, so the parser itself has to face them.
      const arrays = `{"email":${"[".repeat(45_000)}${"]".repeat(45_000)},"password":"x"}`;
      const objects = `${'{"a":'.repeat(15_000)}1${"}".repeat(15_000)}`;
      for (const body of [arrays, objects]) {
        expect(Buffer.byteLength(body)).toBeLessThan(100 * 1024);
        const reply = await client.post(apiPaths.login, { body, contentType: "application/json" });
        expect(reply.status).toBe(400);
        expect(["validation_failed", "malformed_json"]).toContain(reply.body.code);
      }
      expect((await client.get(apiPaths.health)).status).toBe(200);
    });

    it("when a body is over 100 kB, then the answer is 413, whether its length is declared or chunked", async () => {
      const big = JSON.stringify({
        email: "a@example.com",
        password: "x",
        name: "n".repeat(110_000),
      });
      expectProblem(
        await client.post(apiPaths.register, { body: big, contentType: "application/json" }),
        413,
        "payload_too_large",
      );
      const chunked = await rawRequest(
        target.url,
        `POST ${apiPaths.register} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Forwarded-For: ${client.address}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n` +
          `${Buffer.byteLength(big).toString(16)}\r\n${big}\r\n0\r\n\r\n`,
      );
      expect(chunked.status).toBe(413);
      expect(chunked.body).toContain('"code":"payload_too_large"');
      expect((await client.get(apiPaths.health)).status).toBe(200);
    });

    it("when a name carries markup, then it is stored and returned as JSON text, never as HTML", async () => {
      const name = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
      const reply = await client.request("PATCH", apiPaths.profile, {
        bearer: user.accessToken,
        json: { name },
      });
      expect(reply.status).toBe(200);
      expect(reply.body.name).toBe(name);
      expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
      expect(reply.headers.get("x-content-type-options")).toBe("nosniff");
    });
  });
});

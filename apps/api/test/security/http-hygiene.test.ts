import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, type Account, type Reply } from "./support/client.js";
import { expectNoLeak, expectProblem } from "./support/expect-problem.js";
import { httpRequest, rawRequest } from "./support/raw-http.js";
import type { Target } from "./support/target.js";
import { startTargetWithUser } from "./support/target-with-user.js";

// OWASP HTTP Headers, REST Security and Error Handling cheat sheets, ASVS 5.0 V3 and V13-V16:
// the page may run only its own scripts (the access token sits in localStorage), nothing
// personal is cached, no other origin is let in, and no error tells how the server is built.
describe("HTTP hygiene", () => {
  let target: Target;
  let client: Client;
  let user: Account;

  beforeAll(async () => {
    ({ target, client, user } = await startTargetWithUser());
  });
  afterAll(() => target?.close());

  const csp = (reply: Reply) =>
    new Map(
      (reply.headers.get("content-security-policy") ?? "")
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .filter((parts) => parts[0])
        .map(([name, ...values]) => [name!, values]),
    );

  describe("the SPA's page", () => {
    it("when the index is served, then a strict Content-Security-Policy lets only the page's own scripts run", async () => {
      for (const path of ["/", "/login", "/profile"]) {
        const page = await client.get(path, { headers: { Accept: "text/html" } });
        expect(page.status, `GET ${path}`).toBe(200);
        expect(page.headers.get("content-type")).toMatch(/^text\/html/);
        const policy = csp(page);
        expect(policy.get("default-src")).toEqual(["'self'"]);
        expect(policy.get("script-src")).toEqual(["'self'"]);
        expect(policy.get("object-src")).toEqual(["'none'"]);
        expect(policy.get("base-uri")).toEqual(["'none'"]);
        expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
        expect(policy.get("form-action")).toEqual(["'self'"]);
        for (const [name, values] of policy) {
          for (const unsafe of [
            "'unsafe-inline'",
            "'unsafe-eval'",
            "*",
            "http:",
            "https:",
            "data:",
          ]) {
            if (name === "img-src" && unsafe === "data:") continue;
            expect(values, `${name} allows ${unsafe}`).not.toContain(unsafe);
          }
        }
        expect(page.headers.get("cache-control")).toMatch(/no-cache|no-store/);
      }
    });

    it("when a page is sent, then helmet's headers are on it and X-Powered-By is not", async () => {
      for (const reply of [
        await client.get("/", { headers: { Accept: "text/html" } }),
        await client.get(apiPaths.docs, { headers: { Accept: "text/html" } }),
      ]) {
        expect(reply.headers.get("content-security-policy")).toContain("script-src 'self'");
        expect(reply.headers.get("x-content-type-options")).toBe("nosniff");
        expect(reply.headers.get("x-frame-options")).toMatch(/^(DENY|SAMEORIGIN)$/);
        expect(reply.headers.get("referrer-policy")).toBe("no-referrer");
        expect(reply.headers.get("cross-origin-opener-policy")).toBe("same-origin");
        expect(reply.headers.get("cross-origin-resource-policy")).toBe("same-origin");
        expect(reply.headers.get("x-powered-by")).toBeNull();
      }
    });
  });

  describe("the API's JSON", () => {
    // OWASP REST Security: an API answer is never rendered, so it needs no page policy,
    // only: nothing cached, nothing to run or frame, no sniffing (and HSTS in production).
    it("when JSON is answered, success or problem, then it carries the REST set and X-Powered-By is not", async () => {
      for (const reply of [
        await client.profile(user.accessToken),
        await client.get("/api/nope"),
        await client.get(apiPaths.health),
        await client.login(user.email, "wrong password"),
      ]) {
        expect(reply.headers.get("content-security-policy")).toBe(
          "default-src 'none'; frame-ancestors 'none'",
        );
        expect(reply.headers.get("cache-control")).toBe("no-store");
        expect(reply.headers.get("x-content-type-options")).toBe("nosniff");
        expect(reply.headers.get("x-frame-options")).toBe("DENY");
        expect(reply.headers.get("x-powered-by")).toBeNull();
      }
    });
  });

  describe("caching", () => {
    it("when /api/auth/* or /api/user/* answers, success or failure, then Cache-Control is no-store", async () => {
      const other = await client.register();
      const replies = [
        await client.login(user.email, user.password),
        await client.login(user.email, "wrong password"),
        await client.refresh(other.refreshToken),
        await client.post(apiPaths.refresh),
        await client.post(apiPaths.logout),
        await client.post(apiPaths.logoutAll),
        await client.get(apiPaths.login),
        await client.profile(user.accessToken),
        await client.get(apiPaths.profile),
        await client.request("PATCH", apiPaths.profile, {
          bearer: user.accessToken,
          json: { name: "Ada" },
        }),
        await client.post(apiPaths.password, { bearer: user.accessToken, json: {} }),
      ];
      for (const reply of replies)
        expect(reply.headers.get("cache-control"), reply.text).toBe("no-store");
    });
  });

  describe("CORS", () => {
    const foreign = "https://evil.example";

    it("when a foreign origin calls the API, then no Access-Control-Allow-* header lets its page read the answer", async () => {
      for (const reply of [
        await client.get(apiPaths.profile, {
          bearer: user.accessToken,
          headers: { Origin: foreign },
        }),
        await client.login(user.email, user.password, { headers: { Origin: foreign } }),
        await client.post(apiPaths.refresh, {
          refreshToken: user.refreshToken,
          headers: { Origin: foreign },
        }),
        await client.get(apiPaths.health, { headers: { Origin: "null" } }),
      ]) {
        expect(reply.headers.get("access-control-allow-origin")).toBeNull();
        expect(reply.headers.get("access-control-allow-credentials")).toBeNull();
      }
    });

    it("when a foreign origin sends a preflight, then nothing is allowed", async () => {
      for (const path of [apiPaths.profile, apiPaths.login, apiPaths.logoutAll]) {
        const reply = await client.request("OPTIONS", path, {
          headers: {
            Origin: foreign,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
          },
        });
        expect(reply.status).toBeGreaterThanOrEqual(400);
        for (const name of [
          "access-control-allow-origin",
          "access-control-allow-methods",
          "access-control-allow-headers",
          "access-control-allow-credentials",
        ]) {
          expect(reply.headers.get(name)).toBeNull();
        }
      }
    });
  });

  describe("unknown paths and wrong methods", () => {
    it.each([
      ["GET", apiPaths.register, "POST"],
      ["GET", apiPaths.login, "POST"],
      ["PUT", apiPaths.refresh, "POST"],
      ["GET", apiPaths.logout, "POST"],
      ["DELETE", apiPaths.logoutAll, "POST"],
      ["DELETE", apiPaths.profile, "GET, PATCH"],
      ["PUT", apiPaths.profile, "GET, PATCH"],
      ["GET", apiPaths.password, "POST"],
      ["POST", apiPaths.health, "GET"],
      ["POST", apiPaths.jwks, "GET"],
    ])(
      "when %s %s is asked, then the answer is 405 with Allow: %s",
      async (method, path, allow) => {
        const reply = await client.request(method, path, { bearer: user.accessToken });
        expectProblem(reply, 405, "method_not_allowed");
        expect(reply.headers.get("allow")).toBe(allow);
      },
    );

    it("when TRACE is sent, then nothing is echoed back", async () => {
      // fetch refuses to send TRACE, so this one goes over a raw socket.
      for (const path of [apiPaths.login, apiPaths.profile, "/api/nope", "/"]) {
        const reply = await rawRequest(
          target.url,
          httpRequest(target.url, "TRACE", path, [
            `X-Forwarded-For: ${client.address}`,
            "X-Secret-Echo: echo-me",
          ]),
        );
        expect([404, 405]).toContain(reply.status);
        expect(reply.body).not.toContain("echo-me");
      }
    });

    it("when an unknown API path is asked, then the answer is a 404 problem, never the SPA's page", async () => {
      for (const path of [
        "/api/nope",
        "/api",
        "/api/user",
        "/api/auth/login/extra",
        "/.well-known/openid-configuration",
      ]) {
        expectProblem(
          await client.get(path, { headers: { Accept: "text/html,application/json" } }),
          404,
          "not_found",
        );
      }
    });
  });

  describe("error answers", () => {
    it("when paths are malformed or climb out of the web folder, then no file leaks and no error is explained", async () => {
      const paths = [
        "/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/assets/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        "/api/user/%E0%A4%A",
        "/assets/%",
        "/api/auth/login%00",
        `/api/${"a".repeat(8000)}`,
      ];
      for (const path of paths) {
        const reply = await rawRequest(
          target.url,
          httpRequest(target.url, "GET", path, [
            `X-Forwarded-For: ${client.address}`,
            "Accept: application/json",
          ]),
        );
        expect(reply.status, path).toBeGreaterThanOrEqual(400);
        expect(reply.status, path).toBeLessThan(500);
        expect(reply.body).not.toMatch(/root:.*:0:0:/);
        expectNoLeak(reply.body);
      }
    });

    it("when requests fail in every way the API knows, then no answer carries a stack trace, a path, SQL or a library's message", async () => {
      const replies = [
        await client.post(apiPaths.login, { body: '{"email":', contentType: "application/json" }),
        await client.post(apiPaths.login, { json: { email: ["x"], password: { a: 1 } } }),
        await client.post(apiPaths.register, {
          json: { email: user.email, password: "long enough 1", name: "Dup" },
        }),
        await client.get(apiPaths.profile, { headers: { Authorization: "Bearer a.b.c" } }),
        await client.get(apiPaths.profile, {
          headers: { Authorization: `Bearer ${"e".repeat(30)}.${"e".repeat(30)}.` },
        }),
        await client.refresh("x".repeat(43)),
        await client.post(apiPaths.password, {
          bearer: user.accessToken,
          json: { currentPassword: "x", newPassword: "y" },
        }),
        await client.post(apiPaths.register, {
          body: "x".repeat(120_000),
          contentType: "application/json",
        }),
        await client.post(apiPaths.login, { body: "<x/>", contentType: "text/xml" }),
      ];
      for (const reply of replies) {
        expect(reply.status).toBeGreaterThanOrEqual(400);
        expect(reply.status).toBeLessThan(500);
        expect(reply.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expectNoLeak(reply.text);
      }
    });
  });
});

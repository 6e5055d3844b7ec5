import { apiPaths } from "@jwt-auth/shared";
import express, { type RequestHandler } from "express";
import supertest from "supertest";
import { describe, expect, it } from "vitest";
import { fixedHeaders } from "../../src/http/fixed-headers.js";
import { apiHeaders, securityHeaders } from "../../src/http/security-headers.js";

const appWith = (...middlewares: RequestHandler[]) =>
  express()
    .disable("x-powered-by")
    .use(...middlewares)
    .get(/.*/, (_req, res) => {
      res.json({ ok: true });
    });

const headersOf = async (app: express.Express, path = "/") => {
  const { headers } = await supertest(app).get(path).expect(200);
  const { date: _date, connection: _c, "content-length": _l, etag: _e, ...rest } = headers;
  return rest;
};

describe("fixed headers", () => {
  it("when a list is given, then every response carries exactly that list", async () => {
    const headers = await headersOf(appWith(fixedHeaders({ "X-One": "1", "X-Two": "a b" })));
    expect(headers).toEqual({
      "content-type": "application/json; charset=utf-8",
      "x-one": "1",
      "x-two": "a b",
    });
  });
});

describe("security headers", () => {
  const apiSet = (production: boolean) =>
    Object.fromEntries(
      Object.entries(apiHeaders({ production })).map(([name, value]) => [
        name.toLowerCase(),
        value,
      ]),
    );

  it.each([apiPaths.profile, "/api/nope", "/api", "/api?x=1", "/.well-known/jwks.json"])(
    "when JSON is answered at %s, then it carries the API set and nothing of a page's",
    async (path) => {
      const headers = await headersOf(appWith(securityHeaders({ production: false })), path);
      expect(headers).toEqual({
        "content-type": "application/json; charset=utf-8",
        ...apiSet(false),
      });
      expect(headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(headers["cache-control"]).toBe("no-store");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["strict-transport-security"]).toBeUndefined();
    },
  );

  it("when in production, then API answers also carry HSTS", async () => {
    const headers = await headersOf(
      appWith(securityHeaders({ production: true })),
      apiPaths.profile,
    );
    expect(headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  });

  it.each(["/", "/login", apiPaths.docs, "/api/docs/assets/swagger-ui.css", "/apiary"])(
    "when %s is asked (a page), then helmet's full set with the strict policy is sent",
    async (path) => {
      const headers = await headersOf(appWith(securityHeaders({ production: true })), path);
      expect(headers["content-security-policy"]).toContain("script-src 'self'");
      expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(headers["content-security-policy"]).toContain("upgrade-insecure-requests");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("no-referrer");
      expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
      expect(headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
      expect(headers["cache-control"]).toBeUndefined();
    },
  );
});

import express, { type RequestHandler } from "express";
import helmet from "helmet";
import supertest from "supertest";
import { describe, expect, it } from "vitest";
import { fixedHeaders } from "../../src/http/fixed-headers.js";
import { securityHeaders } from "../../src/http/security-headers.js";

const appWith = (middleware: RequestHandler) =>
  express()
    .disable("x-powered-by")
    .use(middleware)
    .get("/", (_req, res) => {
      res.json({ ok: true });
    });

const headersOf = async (middleware: RequestHandler) => {
  const { headers } = await supertest(appWith(middleware)).get("/").expect(200);
  const { date: _date, ...rest } = headers;
  return rest;
};

describe("fixed security headers", () => {
  it("when helmet's answer is the same for every request, then the fixed list sets exactly helmet's headers", async () => {
    const options = {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] },
      },
      strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    };
    const perRequest = helmet(options);
    const fixed = fixedHeaders(perRequest);
    expect(fixed).not.toBe(perRequest);
    expect(await headersOf(fixed)).toEqual(await headersOf(helmet(options)));
  });

  it("when the API's own security headers are fixed, then responses still carry the strict policy", async () => {
    const headers = await headersOf(securityHeaders({ production: true }));
    expect(headers["content-security-policy"]).toContain("script-src 'self'");
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  });

  it("when a middleware answers differently per request (a nonce), then it keeps running per request", () => {
    let n = 0;
    const nonced: RequestHandler = (_req, res, next) => {
      res.setHeader("Content-Security-Policy", `script-src 'nonce-${n++}'`);
      next();
    };
    expect(fixedHeaders(nonced)).toBe(nonced);
  });

  it("when a middleware does more than set headers (it answers), then it is left as it is", () => {
    const answers: RequestHandler = (_req, res) => {
      res.setHeader("X-Test", "1");
    };
    expect(fixedHeaders(answers)).toBe(answers);
  });
});

import { apiPaths, errorCodes, REFRESH_COOKIE_NAME } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declaredRoutes } from "../../src/app.js";
import { startTestApp, type TestApp } from "../support/test-app.js";
import { servedRoutes } from "./app-routes.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking a JSON document

let app: TestApp;
let document: Json;
beforeAll(async () => {
  app = await startTestApp();
  const res = await app.http.get(apiPaths.openapi).expect(200);
  document = res.body;
});
afterAll(async () => {
  await app.close();
});

describe("GET /api/openapi.json", () => {
  it("when fetched, then it is an OpenAPI 3.1 document with the bearer and refresh-cookie schemes", () => {
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(document.components.securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: "http", scheme: "bearer", bearerFormat: "JWT" }),
      refreshCookie: expect.objectContaining({
        type: "apiKey",
        in: "cookie",
        name: REFRESH_COOKIE_NAME,
      }),
    });
  });

  it("when compared with the app's router, then every served route and method is documented, and nothing else", () => {
    const served = servedRoutes(app.app).flatMap((r) =>
      r.methods.map((m) => `${m} ${r.path.replace(/:(\w+)/g, "{$1}")}`),
    );
    const documented = Object.entries(document.paths as Json).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m} ${path}`),
    );
    expect(served.length).toBeGreaterThanOrEqual(12);
    expect(new Set(served)).toEqual(new Set(documented));
  });

  it("when an operation is protected, then it names its security scheme; public ones name none", () => {
    const security = (method: string, path: string) => document.paths[path][method].security;
    expect(security("get", apiPaths.profile)).toEqual([{ bearerAuth: [] }]);
    expect(security("post", apiPaths.logoutAll)).toEqual([{ bearerAuth: [] }]);
    expect(security("post", apiPaths.refresh)).toEqual([{ refreshCookie: [] }]);
    expect(security("post", apiPaths.login)).toEqual([]);
  });

  it("when an error response is documented, then it is problem+json with its codes listed, all from the shared union", () => {
    let errors = 0;
    for (const [path, item] of Object.entries(document.paths as Json)) {
      for (const [method, operation] of Object.entries(item as Json)) {
        for (const [status, response] of Object.entries(operation.responses as Json)) {
          if (Number(status) < 400 || response.content?.["application/json"]) continue;
          errors++;
          const where = `${method} ${path} ${status}`;
          expect(response.content, where).toHaveProperty(["application/problem+json"]);
          expect(response["x-problem-codes"], where).toEqual(
            expect.arrayContaining([expect.any(String)]),
          );
          for (const code of response["x-problem-codes"]) expect(errorCodes, where).toContain(code);
        }
      }
    }
    expect(errors).toBeGreaterThan(20);
  });

  it("when a response sets a header clients rely on, then the header is documented", () => {
    const headersOf = (method: string, path: string, status: number) =>
      Object.keys(document.paths[path][method].responses[status].headers ?? {});
    expect(headersOf("post", apiPaths.login, 200)).toContain("Set-Cookie");
    expect(headersOf("post", apiPaths.login, 429)).toContain("Retry-After");
    expect(headersOf("get", apiPaths.profile, 401)).toContain("WWW-Authenticate");
    expect(headersOf("post", apiPaths.refresh, 401)).toContain("Set-Cookie");
    expect(Object.keys(document.components.responses.MethodNotAllowed.headers)).toContain("Allow");
  });

  it("when any $ref is followed, then it resolves inside the document", () => {
    const refs: string[] = [];
    const collect = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === "object") {
        for (const [key, value] of Object.entries(node)) {
          if (key === "$ref" && typeof value === "string") refs.push(value);
          else collect(value);
        }
      }
    };
    collect(document);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\//);
      const target = ref
        .slice(2)
        .split("/")
        .reduce<Json | undefined>((node, key) => node?.[key], document);
      expect(target, ref).toBeDefined();
    }
  });

  it("when operation ids are listed, then each is unique and each operation has a summary", () => {
    const operations = declaredRoutes(app.app);
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const o of operations) expect(o.summary.length, o.operationId).toBeGreaterThan(0);
  });

  it("when a request body is documented, then it is the input side of the shared schema (before normalisation)", () => {
    const register = document.components.schemas.RegisterRequest;
    expect(register.required).toEqual(["email", "password", "name"]);
    expect(register.properties.email).toMatchObject({
      type: "string",
      format: "email",
      maxLength: 254,
    });
    expect(register.properties.password).toMatchObject({ minLength: 8, maxLength: 128 });
    expect(
      document.paths[apiPaths.register].post.requestBody.content["application/json"].schema,
    ).toEqual({
      $ref: "#/components/schemas/RegisterRequest",
    });
  });
});

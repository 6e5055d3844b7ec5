import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/test-app.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe("errors outside the routes", () => {
  it("when an API path does not exist, then it answers 404 problem+json", async () => {
    const res = await app.http.get("/api/nothing-here");
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 404,
      code: "not_found",
      title: expect.any(String),
      type: expect.any(String),
    });
  });

  it("when a known path gets the wrong method, then it answers 405 with Allow", async () => {
    const res = await app.http.get(apiPaths.login);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe("POST");
    expect(res.body.code).toBe("method_not_allowed");
  });
});

describe("GET /api/health", () => {
  it("when the database answers, then it is 200 ok", async () => {
    const res = await app.http.get(apiPaths.health);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok" });
  });

  it("when the database is gone, then it is 503 unavailable", async () => {
    const broken = await startTestApp();
    await broken.deps.database.close();
    const res = await broken.http.get(apiPaths.health);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: "unavailable" });
    await broken.close().catch(() => {});
  });
});

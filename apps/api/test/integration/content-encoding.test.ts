import { gzipSync } from "node:zlib";
import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturedLogs } from "../support/captured-logs.js";
import { bearer, registerUser, startTestApp, type TestApp } from "../support/test-app.js";

// A body that only claims to be compressed used to make the inflater throw: a 500 and two
// stack traces in the log, before any rate limit. Compressed bodies are refused outright.
describe("request bodies with a Content-Encoding", () => {
  let app: TestApp;
  const { logger, lines } = capturedLogs<{ level: number; msg?: string }>();

  beforeAll(async () => {
    app = await startTestApp({ overrides: { logger } });
  });
  afterAll(async () => {
    await app.close();
  });

  const credentials = JSON.stringify({ email: "ada@example.com", password: "correct horse" });

  it.each(["gzip", "deflate", "br", "x-gzip", "GZIP", "gzip, identity"])(
    "when Content-Encoding is %s and the body is plain JSON, then the answer is a 415 problem and nothing is logged as an error",
    async (coding) => {
      lines.length = 0;
      const res = await app.http
        .post(apiPaths.login)
        .set("Content-Type", "application/json")
        .set("Content-Encoding", coding)
        .send(credentials);
      expect(res.status).toBe(415);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.headers["accept-encoding"]).toBe("identity");
      expect(res.body).toMatchObject({ status: 415, code: "unsupported_media_type" });
      expect(lines.some((l) => l.msg === "request completed")).toBe(true);
      expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    },
  );

  it("when the body really is gzip, then it is refused all the same: nothing is inflated", async () => {
    const res = await app.http
      .post(apiPaths.register)
      .set("Content-Type", "application/json")
      .set("Content-Encoding", "gzip")
      .send(gzipSync(credentials));
    expect(res.status).toBe(415);
    expect(res.body.code).toBe("unsupported_media_type");
  });

  it("when a signed-in user sends a compressed profile update, then it is a 415 too", async () => {
    const user = await registerUser(app);
    const res = await app.http
      .patch(apiPaths.profile)
      .set(bearer(user.accessToken))
      .set("Content-Type", "application/json")
      .set("Content-Encoding", "deflate")
      .send(JSON.stringify({ name: "Grace" }));
    expect(res.status).toBe(415);
    expect(res.body.code).toBe("unsupported_media_type");
  });

  it.each(["identity", ""])(
    "when Content-Encoding is %j, then the body is read as plain JSON",
    async (coding) => {
      const user = await registerUser(app);
      const res = await app.http
        .post(apiPaths.login)
        .set("Content-Type", "application/json")
        .set("Content-Encoding", coding)
        .send(JSON.stringify({ email: user.email, password: user.password }));
      expect(res.status).toBe(200);
      expect(res.body.accessToken).toEqual(expect.any(String));
    },
  );
});

import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/http/logger.js";
import { bearer, registerUser, startTestApp, type TestApp } from "../support/test-app.js";

describe("the access log", () => {
  let app: TestApp;
  let lines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString("utf8").split("\n").filter(Boolean))
          lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    app = await startTestApp({ overrides: { logger: createLogger("info", sink) } });
  });
  afterAll(async () => {
    await app.close();
  });

  const requestLines = () =>
    lines.filter(
      (l) =>
        l.msg === "request completed" || l.msg === "request errored" || l.msg === "request aborted",
    );

  it("when a request is answered, then exactly one line describes it: id, method, path, user agent, status and time", async () => {
    const user = await registerUser(app);
    lines = [];
    await app.http
      .get("/api/user/profile")
      .set(bearer(user.accessToken))
      .set("User-Agent", "bench-agent/1.0")
      .expect(200);

    const [line, ...more] = requestLines();
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: 30,
      msg: "request completed",
      req: { method: "GET", path: "/api/user/profile", userAgent: "bench-agent/1.0" },
      res: { statusCode: 200 },
    });
    expect(line!.reqId).toBe((line!.req as { id: number }).id);
    expect(line!.responseTime).toEqual(expect.any(Number));
  });

  it("when two requests are answered, then each has its own request id", async () => {
    lines = [];
    await app.http.get("/api/health").expect(200);
    await app.http.get("/api/health").expect(200);
    const ids = requestLines().map((l) => l.reqId as number);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBeGreaterThan(ids[0]!);
  });

  it("when a client puts a token in the query string, then the logged path keeps the route and hides the query", async () => {
    lines = [];
    await app.http.get("/api/user/profile?access_token=abc.def.ghi").expect(401);
    expect(requestLines()[0]).toMatchObject({
      req: { path: "/api/user/profile?[redacted]" },
      res: { statusCode: 401 },
    });
  });
});

import { apiPaths } from "@jwt-auth/shared";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createArgon2Slots } from "../../src/auth/argon2-slots.js";
import { ARGON2ID_OWASP, createPasswordHasher } from "../../src/auth/password-hasher.js";
import { capturedLogs } from "../support/captured-logs.js";
import { bearer, registerUser, startTestApp, type TestApp } from "../support/test-app.js";

describe("the access log", () => {
  let app: TestApp;
  const { logger, lines } = capturedLogs();

  beforeAll(async () => {
    app = await startTestApp({ overrides: { logger } });
  });
  afterAll(async () => {
    await app.close();
  });

  const requestLines = () =>
    lines.filter(
      (l) =>
        l.msg === "request completed" || l.msg === "request errored" || l.msg === "request aborted",
    );

  it("when a request is answered, then exactly one line describes it: id, method, route, client family, status and time", async () => {
    const user = await registerUser(app);
    lines.length = 0;
    await app.http
      .get(apiPaths.profile)
      .set(bearer(user.accessToken))
      .set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
      .expect(200);

    const [line, ...more] = requestLines();
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: 30,
      msg: "request completed",
      req: { method: "GET", route: apiPaths.profile, client: "Firefox on Linux" },
      res: { statusCode: 200 },
    });
    expect(Object.keys(line!.req as object).sort()).toEqual(["client", "id", "method", "route"]);
    expect(line!.reqId).toBe((line!.req as { id: number }).id);
    expect(line!.responseTime).toEqual(expect.any(Number));
  });

  it("when two requests are answered, then each has its own request id", async () => {
    lines.length = 0;
    await app.http.get(apiPaths.health).expect(200);
    await app.http.get(apiPaths.health).expect(200);
    const ids = requestLines().map((l) => l.reqId as number);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBeGreaterThan(ids[0]!);
  });

  it("when a client puts a token in the query string, then the line has the route and no query at all", async () => {
    lines.length = 0;
    await app.http.get("/api/user/profile?access_token=abc.def.ghi").expect(401);
    expect(requestLines()[0]).toMatchObject({
      req: { route: apiPaths.profile },
      res: { statusCode: 401 },
    });
  });

  it("when a path matches no route, then the line says (unmatched) instead of the path", async () => {
    lines.length = 0;
    await app.http.get("/api/user/profile/extra-segment").expect(404);
    await app.http.post("/nowhere/at/all").expect(404);
    expect(requestLines().map((l) => (l.req as { route: string }).route)).toEqual([
      "(unmatched)",
      "(unmatched)",
    ]);
  });

  it.each([
    [undefined, "(none)"],
    ["curl/8.5.0", "curl"],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
      "Edge on Windows",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      "Safari on iOS",
    ],
    ["my-script/1.0 (hunter2)", "other"],
  ])("when the User-Agent is %j, then the client is logged as %j", async (userAgent, client) => {
    lines.length = 0;
    const req = app.http.get(apiPaths.health);
    if (userAgent) await req.set("User-Agent", userAgent).expect(200);
    else await req.unset("User-Agent").expect(200);
    expect(requestLines()[0]).toMatchObject({ req: { client } });
  });
});

describe("the access log of a shed login", () => {
  // One hashing slot and no queue: while the slot is held, every login is shed with a 503.
  const slots = createArgon2Slots(1, { maxQueue: 0 });
  let app: TestApp;
  const { logger, lines } = capturedLogs();

  beforeAll(async () => {
    const hasher = await createPasswordHasher(ARGON2ID_OWASP, slots);
    app = await startTestApp({ overrides: { logger, hasher } });
  });
  afterAll(() => app?.close());

  it("when a login is shed with a 503, then its one line is at error level with the status and no stack", async () => {
    let release!: () => void;
    const held = slots(() => new Promise<void>((resolve) => (release = resolve)));
    try {
      await app.http
        .post(apiPaths.login)
        .send({ email: "someone@example.com", password: "correct horse battery staple" })
        .expect(503);
    } finally {
      release();
      await held;
    }
    const shed = lines.filter((l) => l.msg === "request errored");
    expect(shed).toHaveLength(1);
    expect(shed[0]).toMatchObject({
      level: 50,
      req: { method: "POST", route: apiPaths.login },
      res: { statusCode: 503 },
    });
    // Nothing made up: no error object, so no stack that names the logger's own frames.
    expect(shed[0]).not.toHaveProperty("err");
    expect(JSON.stringify(lines)).not.toMatch(/"stack"/);
  });
});

describe("the access log with the SPA served", () => {
  const web = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-web-"));
  let app: TestApp;
  const { logger, lines } = capturedLogs<{ msg?: string; req?: { route?: string } }>();

  beforeAll(async () => {
    fs.mkdirSync(path.join(web, "assets"));
    fs.writeFileSync(path.join(web, "index.html"), "<!doctype html><title>app</title>");
    fs.writeFileSync(path.join(web, "assets", "app-1234.js"), "export {};");
    app = await startTestApp({
      env: { WEB_DIST_DIR: web },
      overrides: { logger },
    });
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(web, { recursive: true, force: true });
  });

  it("when a file of the build, pages and a missing file are asked for, then the file is logged by its path and the others by placeholders", async () => {
    await app.http.get("/assets/app-1234.js?v=secret-query").expect(200);
    await app.http.get("/profile?secret-query").set("Accept", "text/html").expect(200);
    // Not a page of the SPA: its not-found page, with 404, and still no path in the log.
    await app.http.get("/profile/some-secret-segment").set("Accept", "text/html").expect(404);
    await app.http.get("/assets/missing-secret.js").set("Accept", "application/json").expect(404);
    expect(lines.filter((l) => l.req).map((l) => l.req!.route)).toEqual([
      "/assets/app-1234.js",
      "(page)",
      "(unmatched)",
      "(unmatched)",
    ]);
  });
});

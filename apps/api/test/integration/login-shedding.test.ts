import { apiPaths } from "@jwt-auth/shared";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createArgon2Slots } from "../../src/auth/argon2-slots.js";
import { ARGON2ID_OWASP, createPasswordHasher } from "../../src/auth/password-hasher.js";
import {
  bearer,
  registerUser,
  startTestApp,
  type RegisteredUser,
  type TestApp,
} from "../support/test-app.js";
import { rawRequest } from "../security/support/raw-http.js";

// Logins queue behind the hashing slots; past a bound they are turned away at once with a
// 503 and Retry-After instead of waiting without end, while routes that hash nothing keep
// answering. Here one slot and a queue of one, held full on purpose.
describe("shedding logins under overload", () => {
  const slots = createArgon2Slots(1, { maxQueue: 1 });
  let app: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    const hasher = await createPasswordHasher(ARGON2ID_OWASP, slots);
    app = await startTestApp({ overrides: { hasher } });
    user = await registerUser(app);
  });
  afterAll(() => app?.close());

  /** Takes the slot and the one place in the queue until `release` is called. */
  const saturate = () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const busy = Promise.all([slots(() => gate), slots(async () => undefined)]);
    return async () => {
      release();
      await busy;
    };
  };

  it("when the queue is full, then a known and an unknown email get the same 503 with Retry-After, and the profile still answers", async () => {
    const release = saturate();
    try {
      const known = await app.http
        .post(apiPaths.login)
        .send({ email: user.email, password: user.password });
      const unknown = await app.http
        .post(apiPaths.login)
        .send({ email: "nobody-here@example.com", password: user.password });
      const profile = await app.http.get(apiPaths.profile).set(bearer(user.accessToken));

      for (const res of [known, unknown]) {
        expect(res.status).toBe(503);
        expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
        expect(res.body.code).toBe("service_unavailable");
        expect(res.headers["retry-after"]).toMatch(/^[1-9]\d*$/);
        expect(res.headers["set-cookie"]).toBeUndefined();
      }
      expect(unknown.body).toEqual(known.body);
      expect(unknown.headers["retry-after"]).toBe(known.headers["retry-after"]);
      expect(profile.status).toBe(200);
      expect(profile.body.email).toBe(user.email);
    } finally {
      await release();
    }
  });

  it("when the queue is full, then a login is turned away before its body is read: not even parsed, not even all sent", async () => {
    const release = saturate();
    const server = app.app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      // Not JSON at all: a 400 if the body were parsed first.
      const malformed = await app.http
        .post(apiPaths.login)
        .set("content-type", "application/json")
        .send('{"email": ');
      expect(malformed.status).toBe(503);
      expect(malformed.body.code).toBe("service_unavailable");

      // Headers announce a body that never comes: the answer does not wait for it.
      const { port } = server.address() as AddressInfo;
      const reply = await rawRequest(
        `http://127.0.0.1:${port}`,
        [
          "POST /api/auth/login HTTP/1.1",
          `Host: 127.0.0.1:${port}`,
          "Content-Type: application/json",
          "Content-Length: 400",
          "Connection: close",
          "",
          '{"email": "half',
        ].join("\r\n"),
      );
      expect(reply.status).toBe(503);
      expect(reply.headers.find(([name]) => name === "retry-after")?.[1]).toMatch(/^[1-9]\d*$/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await release();
    }
  });

  it("when registering while the queue is full, then it is 503 too and nothing is stored", async () => {
    const release = saturate();
    const email = "shed-register@example.com";
    try {
      const res = await app.http
        .post(apiPaths.register)
        .send({ email, password: "long enough 1", name: "Shed" });
      expect(res.status).toBe(503);
      expect(res.body.code).toBe("service_unavailable");
    } finally {
      await release();
    }
    await registerUser(app, { email });
  });

  it("when the queue has drained, then the same login succeeds", async () => {
    await saturate()();
    const res = await app.http
      .post(apiPaths.login)
      .send({ email: user.email, password: user.password });
    expect(res.status).toBe(200);
  });
});

describe("shed logins and the rate limits", () => {
  const slots = createArgon2Slots(1, { maxQueue: 1 });
  let app: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    const hasher = await createPasswordHasher(ARGON2ID_OWASP, slots);
    app = await startTestApp({
      env: { RATE_LIMIT: "on" },
      overrides: {
        hasher,
        rateLimits: { policies: { loginByAccount: { windowMs: 15 * 60_000, limit: 2 } } },
      },
    });
    user = await registerUser(app);
  });
  afterAll(() => app?.close());

  it("when logins are shed, then they cost no failed-login budget: the owner's next attempts are checked", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const busy = Promise.all([slots(() => gate), slots(async () => undefined)]);
    for (let i = 0; i < 3; i++) {
      const res = await app.http
        .post(apiPaths.login)
        .send({ email: user.email, password: "a wrong password" });
      expect(res.status).toBe(503);
    }
    release();
    await busy;

    // A budget of two failures: both are checked (401), and only then is the account locked.
    for (const status of [401, 401, 429]) {
      const res = await app.http
        .post(apiPaths.login)
        .send({ email: user.email, password: "a wrong password" });
      expect(res.status).toBe(status);
    }
  });
});

import supertest from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createArgon2Slots } from "../../src/auth/argon2-slots.js";
import { ARGON2ID_OWASP, createPasswordHasher } from "../../src/auth/password-hasher.js";
import { noMetrics } from "../../src/metrics/metrics.js";
import { waitFor } from "../postgres/wait-for.js";
import { startSmtpSink, type SmtpSink } from "@jwt-auth/test-support";
import { loginThroughProvider, startOidcWorld } from "../support/oidc-world.js";
import { SoftAuthenticator } from "../support/soft-authenticator.js";
import { addPasskey } from "../support/add-passkey.js";
import { enableTotp, totpCode } from "../support/totp.js";
import {
  bearer,
  cookie,
  login,
  refreshCookieOf,
  registerUser,
  registerVerifiedUser,
  startTestApp,
  type RegisteredUser,
  type TestApp,
} from "../support/test-app.js";
import { FORBIDDEN_IN_LABELS, labelValues, scrape, valueOf } from "./scrape.js";

// The management listener's /metrics, scraped over HTTP while the public app is driven the
// way clients drive it: each counter moves with the event that feeds it, on a real store
// with real argon2id and a real SMTP server.
describe("the metrics of the management listener", () => {
  const slots = createArgon2Slots(1, { maxQueue: 1 });
  let sink: SmtpSink;
  let app: TestApp;
  let user: RegisteredUser;
  const metrics = () => scrape(app.management);
  const logins = async (result: string, method = "password") =>
    valueOf(await metrics(), "auth_logins_total", { method, result });

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await startTestApp({
      env: {
        MANAGEMENT_PORT: "0",
        SMTP_URL: sink.url,
        DEV_MAILBOX: "off",
        REFRESH_REUSE_GRACE: "0s",
      },
      overrides: {
        hasher: await createPasswordHasher(ARGON2ID_OWASP, slots),
        mailIntervalMs: 0,
      },
    });
    user = await registerUser(app);
    await app.mail!.drain();
  });

  afterAll(async () => {
    await app?.close();
    await sink?.close();
  });

  it("when nothing happened yet, then every login method and result is there at 0, the outbox gauges too (no SMTP_URL: the development mailbox, a registration's mail in it), and Node's process metrics", async () => {
    const fresh = await startTestApp({ env: { MANAGEMENT_PORT: "0" } });
    try {
      await registerUser(fresh);
      const text = await scrape(fresh.management);
      expect(valueOf(text, "mail_outbox_pending")).toBe(0);
      expect(valueOf(text, "mail_outbox_oldest_age_seconds")).toBe(0);
      for (const method of ["password", "passkey", "oidc", "mfa"])
        for (const result of ["success", "failure", "locked", "shed"])
          expect(valueOf(text, "auth_logins_total", { method, result })).toBe(0);
      for (const result of ["success", "failure", "reuse"])
        expect(valueOf(text, "auth_refreshes_total", { result })).toBe(0);
      expect(valueOf(text, "auth_refresh_reuse_total")).toBe(0);
      expect(valueOf(text, "auth_sessions_revoked_total")).toBe(0);
      expect(valueOf(text, "password_hash_queue_length")).toBe(0);
      expect(text).toMatch(/^process_cpu_seconds_total \d/m);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
      expect(text).toMatch(/^# TYPE http_request_duration_seconds histogram$/m);
    } finally {
      await fresh.close();
    }
  });

  it("when a password is wrong and then right, then failure and success each count one", async () => {
    const failures = (await logins("failure"))!;
    const successes = (await logins("success"))!;
    await app.http
      .post("/api/auth/login")
      .send({ email: user.email, password: "not the password" })
      .expect(401);
    await login(app, user.email, user.password);
    expect(await logins("failure")).toBe(failures + 1);
    expect(await logins("success")).toBe(successes + 1);
  });

  it("when a rotated refresh token comes back, then the reuse is counted and its session ended", async () => {
    const session = await login(app, user.email, user.password);
    const before = await metrics();
    const rotated = await app.http.post("/api/auth/refresh").set(cookie(session.refreshToken));
    expect(rotated.status).toBe(200);
    expect(refreshCookieOf(rotated.headers["set-cookie"])).toBeDefined();
    await app.http.post("/api/auth/refresh").set(cookie(session.refreshToken)).expect(401);

    const after = await metrics();
    const moved = (name: string, labels?: Record<string, string>) =>
      valueOf(after, name, labels)! - valueOf(before, name, labels)!;
    expect(moved("auth_refreshes_total", { result: "success" })).toBe(1);
    expect(moved("auth_refreshes_total", { result: "reuse" })).toBe(1);
    expect(moved("auth_refresh_reuse_total")).toBe(1);
    expect(moved("auth_sessions_revoked_total")).toBe(1);
  });

  it("when the hashing queue is full, then the login turned away counts as shed, and the queue's length shows", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const busy = Promise.all([slots(() => gate), slots(async () => undefined)]);
    const shed = (await logins("shed"))!;
    try {
      expect(valueOf(await metrics(), "password_hash_queue_length")).toBe(1);
      await app.http
        .post("/api/auth/login")
        .send({ email: user.email, password: user.password })
        .expect(503);
      // A registration shed the same way is not a login.
      await app.http
        .post("/api/auth/register")
        .send({ email: "shed@example.com", password: "long enough 1", name: "Shed" })
        .expect(503);
    } finally {
      release();
      await busy;
    }
    expect(await logins("shed")).toBe(shed + 1);
    expect(valueOf(await metrics(), "password_hash_queue_length")).toBe(0);
  });

  it("when a mail is queued and then delivered, then the outbox gauges and the deliveries follow", async () => {
    const sent = valueOf(await metrics(), "mail_deliveries_total", { result: "sent" })!;
    await app.http.post("/api/auth/password/forgot").send({ email: user.email }).expect(202);

    const queued = await metrics();
    expect(valueOf(queued, "mail_outbox_pending")).toBe(1);
    expect(valueOf(queued, "mail_outbox_oldest_age_seconds")).toBeGreaterThanOrEqual(0);

    await app.mail!.drain();
    await waitFor(() => sink.received.some((m) => m.raw.includes("reset-password")), {
      what: "the reset mail at the SMTP server",
    });
    const delivered = await metrics();
    expect(valueOf(delivered, "mail_outbox_pending")).toBe(0);
    expect(valueOf(delivered, "mail_outbox_oldest_age_seconds")).toBe(0);
    expect(valueOf(delivered, "mail_deliveries_total", { result: "sent" })).toBe(sent + 1);
  });

  it("when the SMTP server is down, then the failed delivery counts and the message waits", async () => {
    const down = await startSmtpSink();
    await down.down();
    const cut = await startTestApp({
      env: { MANAGEMENT_PORT: "0", SMTP_URL: down.url, DEV_MAILBOX: "off" },
      overrides: { mailIntervalMs: 0 },
    });
    try {
      await registerUser(cut);
      expect(await cut.mail!.drain()).toEqual({ sent: 0, failed: 1 });
      const text = await scrape(cut.management);
      expect(valueOf(text, "mail_deliveries_total", { result: "failed" })).toBe(1);
      expect(valueOf(text, "mail_deliveries_total", { result: "sent" })).toBe(0);
      expect(valueOf(text, "mail_outbox_pending")).toBe(1);
    } finally {
      await cut.close();
      await down.close();
    }
  });

  it("when requests are answered, then each is timed under its route pattern, never its path", async () => {
    const other = await registerUser(app);
    await app.http.get("/api/user/profile").set(bearer(other.accessToken)).expect(200);
    await app.http
      .delete(`/api/user/sessions/${crypto.randomUUID()}`)
      .set(bearer(other.accessToken));
    await app.http.get(`/api/${other.email}/${other.accessToken}`).expect(404);

    const text = await metrics();
    const count = (route: string, method: string, status: string) =>
      valueOf(text, "http_request_duration_seconds_count", { route, method, status });
    expect(count("/api/user/profile", "GET", "200")).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/route="\/api\/user\/sessions\/:id",method="DELETE"/);
    expect(count("(unmatched)", "GET", "404")).toBeGreaterThanOrEqual(1);
    expect(
      valueOf(text, "http_request_duration_seconds_bucket", {
        route: "/api/user/profile",
        method: "GET",
        status: "200",
        le: "+Inf",
      }),
    ).toBe(count("/api/user/profile", "GET", "200"));
  });

  it("when everything above has happened, then no label holds an email, an address, an id or a token", async () => {
    const text = await metrics();
    for (const [what, pattern] of Object.entries(FORBIDDEN_IN_LABELS)) {
      const found = labelValues(text).filter((value) => pattern.test(value));
      expect(found, `${what} in a label value`).toEqual([]);
    }
    // Nor anywhere else in the exposition.
    for (const what of ["email", "ipv4", "uuid", "jwt"] as const)
      expect(text, `${what} in the exposition`).not.toMatch(FORBIDDEN_IN_LABELS[what]!);
    expect(text).not.toContain(user.email);
  });
});

describe("the second step's metrics", () => {
  let clock = Date.now();
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ env: { MANAGEMENT_PORT: "0" }, overrides: { now: () => clock } });
  });
  afterAll(() => app?.close());

  it("when the password is right and then a code wrong and a code right, then password success, mfa failure and mfa success each count one", async () => {
    const user = await registerVerifiedUser(app);
    const { secret } = await enableTotp(app, user, clock);
    clock += 30_000; // the enabling code used this step
    const before = await scrape(app.management);

    const password = await app.http
      .post("/api/auth/login")
      .send({ email: user.email, password: user.password })
      .expect(200);
    const mfaToken = password.body.mfaToken as string;
    const code = totpCode(secret, clock);
    const wrong = code === "000000" ? "111111" : "000000";
    await app.http.post("/api/auth/login/mfa").send({ mfaToken, code: wrong }).expect(401);
    await app.http.post("/api/auth/login/mfa").send({ mfaToken, code }).expect(200);

    const after = await scrape(app.management);
    const moved = (method: string, result: string) =>
      valueOf(after, "auth_logins_total", { method, result })! -
      valueOf(before, "auth_logins_total", { method, result })!;
    expect(moved("password", "success")).toBe(1);
    expect(moved("mfa", "failure")).toBe(1);
    expect(moved("mfa", "success")).toBe(1);
  });
});

describe("the passkey login's metrics", () => {
  const APP_URL = "http://localhost:5999";
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ env: { MANAGEMENT_PORT: "0", APP_URL } });
  });
  afterAll(() => app?.close());

  it("when a registered passkey logs in and an unknown one tries, then passkey success and failure each count one", async () => {
    const user = await registerVerifiedUser(app);
    const { res, device } = await addPasskey(app, user);
    expect(res.status).toBe(201);
    const before = await scrape(app.management);

    const login = async (authenticator: SoftAuthenticator) => {
      const options = await app.http.post("/api/auth/passkey/options").expect(200);
      return app.http.post("/api/auth/passkey").send({
        challengeId: options.body.challengeId,
        response: authenticator.authenticate(options.body.options),
      });
    };
    expect((await login(device)).status).toBe(200);
    expect((await login(new SoftAuthenticator("localhost", APP_URL))).status).toBe(401);

    const after = await scrape(app.management);
    const moved = (result: string) =>
      valueOf(after, "auth_logins_total", { method: "passkey", result })! -
      valueOf(before, "auth_logins_total", { method: "passkey", result })!;
    expect(moved("success")).toBe(1);
    expect(moved("failure")).toBe(1);
  });
});

describe("the OpenID Connect login's metrics", () => {
  let world: Awaited<ReturnType<typeof startOidcWorld>>;

  beforeAll(async () => {
    world = await startOidcWorld({}, { env: { MANAGEMENT_PORT: "0" } });
  });
  afterAll(() => world?.close());

  it("when a provider login succeeds and a callback comes without its flow, then oidc success and failure each count one", async () => {
    const before = await scrape(world.app.management);
    const { refreshToken } = await loginThroughProvider(world, `metrics-${Date.now()}`);
    expect(refreshToken).toBeTruthy();
    await world.app.http.get("/api/auth/oidc/acme/callback?code=x&state=y").expect(302);

    const after = await scrape(world.app.management);
    const moved = (result: string) =>
      valueOf(after, "auth_logins_total", { method: "oidc", result })! -
      valueOf(before, "auth_logins_total", { method: "oidc", result })!;
    expect(moved("success")).toBe(1);
    expect(moved("failure")).toBe(1);
  });
});

describe("the management listener's answers", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ env: { MANAGEMENT_PORT: "0" } });
  });
  afterAll(() => app?.close());

  it("when asked for liveness and readiness with the store up, then both are 200", async () => {
    const management = supertest(app.management!);
    await management.get("/health/live").expect(200, { status: "ok" });
    await management.get("/health/ready").expect(200, { status: "ok" });
    const metrics = await management.get("/metrics").expect(200);
    expect(metrics.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it("when asked for anything else, then it answers 404", async () => {
    const management = supertest(app.management!);
    for (const path of ["/", "/api/health", "/api/user/profile", "/metrics/x", "/health"])
      await management.get(path).expect(404);
    await management.post("/metrics").expect(404);
  });

  it("when the public port is asked for the metrics or the probes, then it has none of them", async () => {
    for (const path of ["/metrics", "/health/live", "/health/ready"]) {
      const res = await app.http.get(path);
      expect(res.status).toBe(404);
      expect(res.text).not.toMatch(/auth_logins_total/);
    }
  });

  it("when MANAGEMENT_PORT is unset, then there is no listener and nothing is recorded", async () => {
    const plain = await startTestApp();
    try {
      expect(plain.management).toBeUndefined();
      expect(plain.metrics).toBe(noMetrics);
    } finally {
      await plain.close();
    }
  });
});

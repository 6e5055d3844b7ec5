import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import supertest from "supertest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { spawnApi, stopAll } from "../multi-instance/spawn-api.js";
import { startTcpProxy, type TcpProxy } from "../postgres/tcp-proxy.js";
import { createTestSchema, testDatabaseUrl, type TestSchema } from "../postgres/test-database.js";
import { waitFor } from "../postgres/wait-for.js";
import { startSmtpSink, type SmtpSink } from "@jwt-auth/test-support";
import { registerUser, startTestApp, type TestApp } from "../support/test-app.js";
import { managementUrlOf, scrape, valueOf } from "./scrape.js";

// Readiness is what a load balancer acts on: 503 while the store does not answer, and from
// the first moment of a shutdown, before the public port stops accepting.
describe("readiness when PostgreSQL goes away", () => {
  let schema: TestSchema;
  let proxy: TcpProxy;
  let sink: SmtpSink;
  let app: TestApp;
  const ready = () => supertest(app.management!).get("/health/ready");

  beforeAll(async () => {
    schema = await createTestSchema();
    const server = new URL(await testDatabaseUrl());
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    sink = await startSmtpSink();
    app = await startTestApp({
      databaseUrl: proxy.via(schema.url),
      env: { MANAGEMENT_PORT: "0", SMTP_URL: sink.url, DEV_MAILBOX: "off" },
      overrides: { mailIntervalMs: 0 },
    });
  });

  afterAll(async () => {
    await app?.close();
    await sink?.close();
    await proxy?.close();
    await schema?.drop();
  });

  it("when a mail waits on PostgreSQL, then the outbox gauges read it with one aggregate", async () => {
    await registerUser(app);
    const text = await scrape(app.management);
    expect(valueOf(text, "mail_outbox_pending")).toBe(1);
    expect(valueOf(text, "mail_outbox_oldest_age_seconds")).toBeGreaterThanOrEqual(0);
    await app.mail!.drain();
    expect(valueOf(await scrape(app.management), "mail_outbox_pending")).toBe(0);
  });

  it("when the connection to PostgreSQL is cut, then ready is 503 while live stays 200, and ready comes back with it", async () => {
    await ready().expect(200);
    await proxy.cut("refuse");
    try {
      const down = await ready();
      expect(down.status).toBe(503);
      expect(down.body).toEqual({ status: "unavailable" });
      await supertest(app.management!).get("/health/live").expect(200);
      // A scrape still answers, the process's own metrics with it.
      expect(await scrape(app.management)).toMatch(/^auth_logins_total/m);
    } finally {
      await proxy.restore();
    }
    await waitFor(async () => (await ready()).status === 200, {
      timeoutMs: 10_000,
      what: "ready back to 200",
    });
  });

  it("when PostgreSQL answers nothing at all, then ready gives up within its timeout", async () => {
    await proxy.cut("blackhole");
    try {
      const started = Date.now();
      expect((await ready()).status).toBe(503);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await proxy.restore();
    }
  });
});

describe("readiness at SIGTERM", () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-ready-"));
  });
  afterEach(() => stopAll());
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("when SIGTERM arrives, then ready turns 503 at once while the public port still answers, and the process exits 0", async () => {
    const api = await spawnApi({
      DATABASE_URL: `sqlite:${path.join(dir, "app.db")}`,
      DATA_DIR: dir,
      WEB_DIST_DIR: path.join(dir, "no-web"),
      MANAGEMENT_PORT: "0",
      SHUTDOWN_DELAY: "3s",
    });
    const management = await managementUrlOf(api);
    const ready = () => fetch(`${management}/health/ready`).then((res) => res.status);
    expect(await ready()).toBe(200);
    expect((await fetch(`${api.url}/metrics`)).status).toBe(404);

    api.child.kill("SIGTERM");
    await waitFor(async () => (await ready()) === 503, { what: "ready to turn 503" });
    // The load balancer's window: the public port has not stopped accepting yet.
    expect((await fetch(`${api.url}/api/health`)).status).toBe(200);
    expect((await fetch(`${management}/health/live`)).status).toBe(200);

    expect(await api.exited).toBe(0);
    await expect(fetch(`${api.url}/api/health`)).rejects.toThrow();
  }, 60_000);
});

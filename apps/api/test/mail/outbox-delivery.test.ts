import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { enqueueMail } from "../../src/mail/enqueue-mail.js";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

/**
 * The outbox against a real SMTP server (smtp-server, started here): what is queued is
 * delivered, a server that is down delays mail without losing any, nothing goes twice.
 */
describe("the mail outbox", () => {
  let sink: SmtpSink;
  let app: TestApp;
  let clockOffset = 0;

  beforeEach(async () => {
    clockOffset = 0;
    sink = await startSmtpSink();
    app = await startTestApp({
      env: { SMTP_URL: sink.url, DEV_MAILBOX: "off" },
      overrides: { now: () => Date.now() + clockOffset, mailIntervalMs: 0 },
    });
  });

  afterEach(async () => {
    await app?.close();
    await sink?.close();
  });

  async function queue(count: number): Promise<string[]> {
    const to = Array.from({ length: count }, (_, i) => `reader-${i}@example.com`);
    await app.deps.database.db.transaction().execute(async (trx) => {
      for (const address of to)
        await enqueueMail(trx, {
          to: address,
          userId: null,
          template: "password_changed",
          data: { name: "Ada" },
          now: app.deps.now(),
        });
    });
    return to;
  }

  const outbox = () =>
    app.deps.database.db.selectFrom("outbox").selectAll().orderBy("id").execute();

  it("when messages are queued, then each is delivered once and marked sent", async () => {
    const to = await queue(5);

    expect(await app.mail!.drain()).toEqual({ sent: 5, failed: 0 });
    expect(await app.mail!.drain()).toEqual({ sent: 0, failed: 0 });

    expect(sink.received.flatMap((m) => m.to).sort()).toEqual([...to].sort());
    const rows = await outbox();
    expect(rows.every((row) => row.sent_at !== null && row.attempts === 1)).toBe(true);
    expect(new Set(sink.received.map((m) => m.messageId)).size).toBe(5);
    expect(sink.received[0]!.raw).toContain("Subject: Your Jwt Auth password was changed");
  });

  it("when the SMTP server is down for a while, then every message arrives once it is back, none twice", async () => {
    const to = await queue(20);
    await sink.down();

    expect(await app.mail!.drain()).toMatchObject({ sent: 0 });
    // Not due again before its retry delay (30 s), even if asked.
    expect(await app.mail!.drain()).toEqual({ sent: 0, failed: 0 });
    clockOffset += 31_000;
    expect(await app.mail!.drain()).toMatchObject({ sent: 0 });

    await sink.up();
    expect(await app.mail!.drain()).toEqual({ sent: 0, failed: 0 });
    clockOffset += 61_000;
    let delivered = 0;
    for (let pass = 0; pass < 10 && delivered < 20; pass++)
      delivered += (await app.mail!.drain()).sent;

    const rows = await outbox();
    const retries = rows.reduce((sum, row) => sum + row.attempts - 1, 0);
    const ids = sink.received.map((m) => m.messageId);
    expect({
      delivered,
      received: sink.received.length,
      duplicates: ids.length - new Set(ids).size,
    }).toEqual({ delivered: 20, received: 20, duplicates: 0 });
    expect(sink.received.flatMap((m) => m.to).sort()).toEqual([...to].sort());
    expect(rows.every((row) => row.sent_at !== null)).toBe(true);
    expect(retries).toBeGreaterThanOrEqual(2);
  });
});

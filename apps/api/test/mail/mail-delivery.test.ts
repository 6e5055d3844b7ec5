import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { enqueueMail } from "../../src/mail/enqueue-mail.js";
import { startMailDelivery, type MailDelivery } from "../../src/mail/mail-delivery.js";
import { createSmtpMailer } from "../../src/mail/smtp-mailer.js";
import { openDatabase, type DatabaseHandle } from "../../src/store/database.js";
import { createOutboxStore } from "../../src/store/outbox-store.js";
import { createTestDatabase, DIALECTS } from "../postgres/test-database.js";
import { startSmtpSink, type SmtpSink } from "@jwt-auth/test-support";

/**
 * The delivery loop against a real SMTP server (smtp-server, started here) and a real
 * store of each dialect: what is queued is delivered once, a server that is down delays
 * mail without losing any, and loops draining one outbox together never send a message twice.
 */
const SEAL_KEY = Buffer.alloc(32, 7);

describe.each(DIALECTS)("the mail delivery loop on %s", (dialect) => {
  let place: Awaited<ReturnType<typeof createTestDatabase>>;
  let database: DatabaseHandle;
  let sink: SmtpSink;
  let clock = 0;
  const loops: MailDelivery[] = [];

  const startLoop = () => {
    const loop = startMailDelivery({
      outbox: createOutboxStore(database.db, database.dialect),
      sealKey: SEAL_KEY,
      mailer: createSmtpMailer(sink.url),
      from: "no-reply@example.com",
      now: () => clock,
    });
    loops.push(loop);
    return loop;
  };

  beforeEach(async () => {
    clock = Date.UTC(2030, 0, 1);
    place = await createTestDatabase(dialect);
    database = await openDatabase(place.url);
    sink = await startSmtpSink();
  });

  afterEach(async () => {
    await Promise.all(loops.splice(0).map((loop) => loop.stop()));
    await sink?.close();
    await database?.close();
    await place?.drop();
  });

  async function queue(count: number): Promise<string[]> {
    const to = Array.from({ length: count }, (_, i) => `reader-${i}@example.com`);
    await database.db.transaction().execute(async (trx) => {
      for (const address of to)
        await enqueueMail(
          trx,
          {
            to: address,
            userId: null,
            template: "password_changed",
            data: {},
            now: clock,
          },
          { appName: "JWT Auth", sealKey: SEAL_KEY },
        );
    });
    return to;
  }

  const outbox = () => database.db.selectFrom("outbox").selectAll().execute();
  const duplicates = () => {
    const ids = sink.received.map((m) => m.messageId);
    return ids.length - new Set(ids).size;
  };

  it("when messages are queued, then each is delivered once and marked sent", async () => {
    const to = await queue(5);
    const loop = startLoop();

    expect(await loop.drain()).toEqual({ sent: 5, failed: 0 });
    expect(await loop.drain()).toEqual({ sent: 0, failed: 0 });

    expect(sink.received.flatMap((m) => m.to).sort()).toEqual([...to].sort());
    expect(duplicates()).toBe(0);
    const rows = await outbox();
    expect(rows.map((row) => [row.attempts, row.sent_at])).toEqual(rows.map(() => [1, clock]));
  });

  it("when a message with a link is delivered, then the link went out and no copy of it stays in the table", async () => {
    const link = "https://app.example/reset-password#token=only-in-the-mail-0123456789";
    await database.db.transaction().execute((trx) =>
      enqueueMail(
        trx,
        {
          to: "reader@example.com",
          userId: null,
          template: "password_reset",
          data: { link },
          now: clock,
        },
        { appName: "JWT Auth", sealKey: SEAL_KEY },
      ),
    );
    const [waiting] = await outbox();
    expect(`${waiting!.text}${waiting!.html}${waiting!.sealed}`).not.toContain("only-in-the-mail");
    expect(waiting!.sealed).not.toBeNull();

    expect(await startLoop().drain()).toEqual({ sent: 1, failed: 0 });

    // Quoted-printable may fold the long URL: compare without soft line breaks.
    expect(sink.received[0]!.raw.replace(/=\r?\n/g, "")).toContain("only-in-the-mail-0123456789");
    const [sent] = await outbox();
    expect(sent!.sealed).toBeNull();
    expect(`${sent!.text}${sent!.html}`).not.toContain("only-in-the-mail");
  });

  it("when the SMTP server is down for a while, then every message arrives once it is back, none twice", async () => {
    const to = await queue(20);
    const loop = startLoop();
    await sink.down();

    expect(await loop.drain()).toEqual({ sent: 0, failed: 20 });
    // Not due again before the retry delay, however often the loop looks.
    expect(await loop.drain()).toEqual({ sent: 0, failed: 0 });
    clock += 30_000;
    expect(await loop.drain()).toEqual({ sent: 0, failed: 20 });

    await sink.up();
    clock += 60_000;
    expect(await loop.drain()).toEqual({ sent: 20, failed: 0 });

    const rows = await outbox();
    const figures = {
      queued: 20,
      delivered: sink.received.length,
      retries: rows.reduce((sum, row) => sum + row.attempts - 1, 0),
      duplicates: duplicates(),
      unsent: rows.filter((row) => row.sent_at === null).length,
    };
    expect(figures).toEqual({ queued: 20, delivered: 20, retries: 40, duplicates: 0, unsent: 0 });
    expect(sink.received.flatMap((m) => m.to).sort()).toEqual([...to].sort());
  });

  it("when two loops drain one outbox at once, then each message is sent exactly once", async () => {
    await queue(120);
    const [first, second] = [startLoop(), startLoop()];

    const [a, b] = await Promise.all([first.drain(), second.drain()]);

    expect(a.sent + b.sent).toBe(120);
    expect(sink.received).toHaveLength(120);
    expect(duplicates()).toBe(0);
    expect((await outbox()).every((row) => row.sent_at !== null)).toBe(true);
  });

  it("when a claim has expired, then only its new holder marks the message", async () => {
    await queue(1);
    const outboxStore = createOutboxStore(database.db, database.dialect);
    const [stale] = await outboxStore.claim({
      now: clock,
      leaseMs: 1_000,
      limit: 10,
      maxAttempts: 5,
    });
    clock += 2_000;
    const [fresh] = await outboxStore.claim({
      now: clock,
      leaseMs: 1_000,
      limit: 10,
      maxAttempts: 5,
    });

    await outboxStore.markFailed(stale!, clock + 60_000, "too late");
    await outboxStore.markSent(fresh!, clock);

    const [row] = await outbox();
    expect(row).toMatchObject({ sent_at: clock, attempts: 1, last_error: null });
  });
});

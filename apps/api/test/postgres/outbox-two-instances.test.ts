import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueMail } from "../../src/mail/enqueue-mail.js";
import { startSmtpSink, type SmtpSink } from "@jwt-auth/test-support";
import { twoInstancesOnPostgres } from "./two-instances.js";

// Two instances on one PostgreSQL database drain one outbox at the same time: the claims
// (FOR UPDATE SKIP LOCKED) hand each message to exactly one of them.
describe("the outbox with two instances on PostgreSQL", () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(() => sink?.close());
  const instances = twoInstancesOnPostgres(() => ({
    env: { SMTP_URL: sink.url, DEV_MAILBOX: "off" },
    overrides: { mailIntervalMs: 0 },
  }));

  it("when both drain 200 messages at once, then each message is sent exactly once", async () => {
    await instances.first.deps.database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 200; i++)
        await enqueueMail(
          trx,
          {
            to: `reader-${i}@example.com`,
            userId: null,
            template: "password_changed",
            data: {},
            now: Date.now(),
          },
          { appName: "JWT Auth", sealKey: Buffer.alloc(32, 7) },
        );
    });

    const results = await Promise.all([
      instances.first.mail!.drain(),
      instances.second.mail!.drain(),
      instances.first.mail!.drain(),
      instances.second.mail!.drain(),
    ]);

    const ids = sink.received.map((m) => m.messageId);
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
    // Both took part: neither waited for the other's rows.
    expect(results[0]!.sent).toBeGreaterThan(0);
    expect(results[1]!.sent).toBeGreaterThan(0);
    const unsent = await instances.first.deps.database.db
      .selectFrom("outbox")
      .select("id")
      .where("sent_at", "is", null)
      .execute();
    expect(unsent).toEqual([]);
  });
});

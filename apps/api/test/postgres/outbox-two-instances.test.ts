import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueMail } from "../../src/mail/enqueue-mail.js";
import { startSmtpSink, type SmtpSink } from "@jwt-auth/test-support";
import { startTestApp, type TestApp } from "../support/test-app.js";
import { createTestSchema, type TestSchema } from "./test-database.js";

// Two instances on one PostgreSQL database drain one outbox at the same time: the claims
// (FOR UPDATE SKIP LOCKED) hand each message to exactly one of them.
describe("the outbox with two instances on PostgreSQL", () => {
  let schema: TestSchema;
  let sink: SmtpSink;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    schema = await createTestSchema();
    sink = await startSmtpSink();
    const options = {
      databaseUrl: schema.url,
      env: {
        SMTP_URL: sink.url,
        DEV_MAILBOX: "off",
        JWT_SECRET: randomBytes(32).toString("base64url"),
      },
      overrides: { mailIntervalMs: 0 },
    };
    first = await startTestApp(options);
    second = await startTestApp(options);
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await sink?.close();
    await schema?.drop();
  });

  it("when both drain 200 messages at once, then each message is sent exactly once", async () => {
    await first.deps.database.db.transaction().execute(async (trx) => {
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
      first.mail!.drain(),
      second.mail!.drain(),
      first.mail!.drain(),
      second.mail!.drain(),
    ]);

    const ids = sink.received.map((m) => m.messageId);
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
    // Both took part: neither waited for the other's rows.
    expect(results[0]!.sent).toBeGreaterThan(0);
    expect(results[1]!.sent).toBeGreaterThan(0);
    const unsent = await first.deps.database.db
      .selectFrom("outbox")
      .select("id")
      .where("sent_at", "is", null)
      .execute();
    expect(unsent).toEqual([]);
  });
});

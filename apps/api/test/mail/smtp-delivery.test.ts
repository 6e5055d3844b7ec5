import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../postgres/wait-for.js";
import { startSmtpSink, type SmtpSink } from "@jwt-auth/test-support";
import { registerUser, startTestApp, type TestApp } from "../support/test-app.js";

// The app as configured with SMTP_URL: its own delivery loop sends what the flows queue.
describe("an app with SMTP_URL", () => {
  let sink: SmtpSink;
  let app: TestApp;

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await startTestApp({ env: { SMTP_URL: sink.url, DEV_MAILBOX: "off" } });
  });

  afterAll(async () => {
    await app?.close();
    await sink?.close();
  });

  it("when a reset is asked for, then the loop delivers the link to the SMTP server by itself", async () => {
    const user = await registerUser(app);
    await app.http.post(apiPaths.passwordForgot).send({ email: user.email }).expect(202);

    await waitFor(
      () =>
        sink.received.some((m) => m.to.includes(user.email) && m.raw.includes("reset-password")),
      { what: "the reset mail at the SMTP server" },
    );
    const mail = sink.received.find((m) => m.raw.includes("reset-password"))!;
    expect(mail.raw).toMatch(new RegExp(`^From: ${app.config.mailFrom}`, "m"));
    expect(mail.raw).toMatch(/^Subject: .*Reset.your.password/m);
  });

  it("when DEV_MAILBOX is off, then the development mailbox does not exist", async () => {
    const res = await app.http.get(apiPaths.devMailbox).expect(404);
    expect(res.body.code).toBe("not_found");
  });
});

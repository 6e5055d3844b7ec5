import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { startTestApp } from "../../support/test-app.js";

// The dev mailbox answers GET /api/dev/mailbox with every mailed link, password resets
// included, to anyone. Switched on in production on a public interface, it hands any
// visitor a reset link for any account: such a server must not start.
describe("the development mailbox in production", () => {
  const production = {
    NODE_ENV: "production",
    JWT_SECRET: randomBytes(32).toString("base64url"),
    MFA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    DEV_MAILBOX: "on",
  };

  it.each(["0.0.0.0", "::", "203.0.113.7"])(
    "when it is on and HOST=%s, then the server refuses to start, naming DEV_MAILBOX",
    async (host) => {
      await expect(startTestApp({ env: { ...production, HOST: host } })).rejects.toThrow(
        /^DEV_MAILBOX[^\n]*$/,
      );
    },
  );

  it("when it is on and HOST is loopback, then the server starts and only this machine can read it", async () => {
    const app = await startTestApp({ env: { ...production, HOST: "127.0.0.1" } });
    try {
      await app.http.get("/api/dev/mailbox").expect(200);
    } finally {
      await app.close();
    }
  });

  it("when SMTP_URL is missing, then the refusal does not point at the mailbox", async () => {
    const { DEV_MAILBOX: _on, ...withoutMailbox } = production;
    const refusal = startTestApp({ env: withoutMailbox });
    await expect(refusal).rejects.toThrow(/^SMTP_URL is required/);
    await expect(refusal).rejects.not.toThrow(/DEV_MAILBOX/);
  });
});

/**
 * The same forgotten-password flow with a real SMTP server instead of the development
 * mailbox: the message leaves the outbox by SMTP, and its link works in the browser.
 */
import { expectProfileOf, submitLoginForm } from "./support/log-in";
import { registerUser } from "./support/register-user";
import { startSmtpSink } from "@jwt-auth/test-support";
import { spawnServer } from "./support/spawn-server";
import { expect, test } from "./support/test";

test("when SMTP_URL is set, then the reset link arrives by SMTP and sets a new password", async ({
  page,
  playwright,
}) => {
  const sink = await startSmtpSink();
  const server = await spawnServer({ SMTP_URL: sink.url, DEV_MAILBOX: "off", RATE_LIMIT: "off" });
  try {
    const request = await playwright.request.newContext({ baseURL: server.baseURL });
    const user = await registerUser(request);
    await request.dispose();

    await page.goto(`${server.baseURL}/forgot-password`);
    await page.getByLabel("Email").fill(user.email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByRole("main").getByRole("status")).toContainText(
      "a reset link is on its way",
    );

    const resetLink = async () => {
      const mail = sink.received.find(
        (m) => m.to.includes(user.email) && m.body.includes("/reset-password#token="),
      );
      return /(http:\/\/\S+\/reset-password#token=[A-Za-z0-9_-]+)/.exec(mail?.body ?? "")?.[1];
    };
    await expect
      .poll(resetLink, { message: "the reset mail reaches the SMTP server" })
      .toBeTruthy();
    await page.goto((await resetLink())!);

    await page.getByLabel("New password").fill("delivered by smtp at last");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page.getByRole("main").getByRole("status")).toContainText(
      "Your password has been set",
    );
    await page.goto(`${server.baseURL}/login`);
    await submitLoginForm(page, { email: user.email, password: "delivered by smtp at last" });
    await expectProfileOf(page, user);
  } finally {
    await server.stop();
    await sink.close();
  }
});

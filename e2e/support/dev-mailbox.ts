import { expect, type Page } from "@playwright/test";

/**
 * Opens the development mailbox and the newest message to `to` whose subject matches, then
 * follows the link in it. Specs run in parallel against one server, so a message is found
 * by its recipient, never by its place in the list.
 */
export async function followMailedLink(page: Page, to: string, subject: RegExp): Promise<void> {
  await page.goto("/dev/mailbox");
  const messages = page.getByRole("list", { name: "Messages" });
  const message = messages.getByRole("button").filter({ hasText: to }).filter({ hasText: subject });
  // Some mail is written just after the answer (forgot password): refresh until it is there.
  await expect(async () => {
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect(message.first()).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await message.first().click();
  const mail = page.getByRole("article");
  await expect(mail.getByRole("heading", { name: subject })).toBeVisible();
  await mail.getByRole("link", { name: /#token=/ }).click();
}

/**
 * "This wasn't me": the notice to the old address of an email change carries a link that
 * cancels the change and ends every session of the account.
 */
import { followMailedLink } from "./support/dev-mailbox";
import { readAccessToken } from "./support/access-token";
import { logInThroughForm } from "./support/log-in";
import { uniqueEmail } from "./support/register-user";
import { axeViolations } from "./support/run-axe";
import { expect, test } from "./support/test";

// axe is injected as a script, which the app's Content-Security-Policy rightly refuses.
test.use({ bypassCSP: true });

test("when the old address follows the cancel link, then the change dies and every session ends", async ({
  page,
  newUser,
  openContext,
}) => {
  const user = await newUser();
  const newEmail = uniqueEmail("taken-over");
  const other = await (await openContext()).newPage();
  await logInThroughForm(other, user);
  await logInThroughForm(page, user);
  await page.getByRole("button", { name: "Change email" }).click();
  await page.getByLabel("New email").fill(newEmail);
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByText(`We sent a confirmation link to ${newEmail}`)).toBeVisible();

  await followMailedLink(page, user.email, /Your email address is being changed/);
  await expect(page).toHaveURL(/\/cancel-email-change#token=/);
  await expect(
    page.getByRole("heading", { level: 1, name: "Cancel the email change" }),
  ).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole("button", { name: "Cancel the change" }).click();

  const status = page.getByRole("main").getByRole("status");
  await expect(status).toContainText("The change was cancelled and every session was signed out");
  await expect(status).toContainText("change your password");
  expect(await readAccessToken(page)).toBeNull();
  expect(await axeViolations(page)).toEqual([]);

  // The new address's link is dead.
  await followMailedLink(page, newEmail, /Confirm your new email/);
  await page.getByRole("button", { name: "Confirm my new email" }).click();
  await expect(page.getByRole("alert")).toContainText("invalid or has expired");

  // The other browser was signed out too.
  await other.reload();
  await expect(other).toHaveURL(/\/login$/);
  expect(await readAccessToken(other)).toBeNull();
});

test("when the cancel link was already used, then the page says the link is invalid", async ({
  page,
}) => {
  await page.goto("/cancel-email-change#token=not-a-real-token");
  await page.getByRole("button", { name: "Cancel the change" }).click();
  await expect(page.getByRole("alert")).toContainText("invalid or has expired");
});

/**
 * Accounts beyond the login, in a browser: the forgotten password, the email to verify and
 * the email to change, each through the mail the app writes to its development mailbox.
 */
import {
  expectProfileOf,
  logInThroughForm,
  logOutThroughProfile,
  submitLoginForm,
} from "./support/log-in";
import { followMailedLink } from "./support/dev-mailbox";
import { uniqueEmail } from "./support/register-user";
import { expect, test } from "./support/test";

test("when the user forgot their password, then the mailed link sets a new one and ends every session", async ({
  page,
  newUser,
  openContext,
}) => {
  const user = await newUser();
  const laptop = await (await openContext()).newPage();
  await logInThroughForm(laptop, user);

  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await page.getByLabel("Email").fill(user.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText(
    `If an account exists for ${user.email}`,
  );

  await followMailedLink(page, user.email, /Reset your password/);
  await expect(page).toHaveURL(/\/reset-password#token=/);
  const newPassword = "a brand new passphrase";
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText(
    "Your password has been set",
  );
  await expect(page.getByRole("link", { name: "Send a new one" })).toHaveCount(0);

  // The laptop's session is gone: its next request sends it to the login page.
  await laptop.reload();
  await expect(laptop).toHaveURL(/\/login$/);

  await page.goto("/login");
  await submitLoginForm(page, { email: user.email, password: user.password });
  await expect(page.getByRole("alert")).toContainText("Incorrect email or password");
  await submitLoginForm(page, { email: user.email, password: newPassword });
  await expectProfileOf(page, user);
});

test("when the user resends the verification from the banner, then the new link verifies the email", async ({
  page,
  newUser,
}) => {
  const user = await newUser();
  await logInThroughForm(page, user);
  const banner = page.getByRole("complementary", { name: "Email verification" });
  await expect(banner).toBeVisible();
  await banner.getByRole("button", { name: "Resend verification email" }).click();
  await expect(banner.getByText("A new link is on its way")).toBeVisible();

  await followMailedLink(page, user.email, /Verify your email/);
  await expect(page).toHaveURL(/\/verify-email#token=/);
  await page.getByRole("button", { name: "Verify my email" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText(
    `Your email ${user.email} is verified`,
  );

  await page.goto("/profile");
  await expectProfileOf(page, user);
  await expect(page.getByRole("complementary", { name: "Email verification" })).toHaveCount(0);
});

test("when the user changes their email, then it changes once the new address confirms it", async ({
  page,
  newUser,
}) => {
  const user = await newUser();
  const newEmail = uniqueEmail("moved");
  await logInThroughForm(page, user);
  await page.getByRole("button", { name: "Change email" }).click();
  await page.getByLabel("New email").fill(newEmail);
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByRole("status")).toContainText(
    `We sent a confirmation link to ${newEmail}`,
  );
  await expect(page.getByLabel("New email")).toHaveCount(0);

  await followMailedLink(page, newEmail, /Confirm your new email/);
  await page.getByRole("button", { name: "Confirm my new email" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText(
    `Your email is now ${newEmail}`,
  );

  await page.goto("/profile");
  await expectProfileOf(page, { ...user, email: newEmail });
  await logOutThroughProfile(page);
  await submitLoginForm(page, { email: newEmail, password: user.password });
  await expectProfileOf(page, { ...user, email: newEmail });
});

import { expect, type Page } from "@playwright/test";
import type { Credentials } from "./register-user";

/** Fills the login form the way a user does, by its labels, and submits it. */
export async function submitLoginForm(page: Page, { email, password }: Credentials): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

/** Opens the login page, logs in, and waits for the profile page to show who is logged in. */
export async function logInThroughForm(
  page: Page,
  user: Credentials & { name: string },
): Promise<void> {
  await page.goto("/login");
  await submitLoginForm(page, user);
  await expectProfileOf(page, user);
}

/**
 * Presses the profile page's "Log out" and waits for the login page. The SPA forgets the
 * token only once the server has answered, so a navigation before that would keep it.
 */
export async function logOutThroughProfile(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Log out", exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/** The profile page, loaded, showing this user's name and email. */
export async function expectProfileOf(
  page: Page,
  user: { name: string; email: string },
): Promise<void> {
  await expect(page).toHaveURL(/\/profile$/);
  const main = page.getByRole("main");
  await expect(main.getByRole("heading", { level: 1, name: "Your profile" })).toBeVisible();
  await expect(main).toContainText(user.email);
  await expect(main).toContainText(user.name);
}

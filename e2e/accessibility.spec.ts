/**
 * Every page passes axe-core's checks (WCAG 2 A/AA and best practices) with no violation,
 * and the login works from the keyboard alone, with errors that take the focus.
 */
import { readAccessToken } from "./support/access-token";
import { expectProfileOf, submitLoginForm } from "./support/log-in";
import { axeViolations } from "./support/run-axe";
import { storageStatePath } from "./support/run-settings";
import { SIGNED_IN_USER } from "./support/signed-in-user";
import { expect, test } from "./support/test";

test.describe("axe finds no violations", () => {
  // The app's Content-Security-Policy (rightly) blocks the injected axe script.
  test.use({ bypassCSP: true });

  const publicPages = [
    { path: "/login", heading: "Log in" },
    { path: "/register", heading: "Create an account" },
    { path: "/no-such-page", heading: "Page not found" },
  ];
  for (const { path, heading } of publicPages) {
    test(`when ${path} is scanned, then axe finds no violations`, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });
  }

  test("when the login page shows an error, then axe finds no violations", async ({ page }) => {
    await page.goto("/login");
    await submitLoginForm(page, { email: "not an email", password: "short" });
    await expect(page.getByRole("alert")).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });

  test.describe("logged in", () => {
    test.use({ storageState: storageStatePath() });

    test("when /profile is scanned, then axe finds no violations", async ({ page }) => {
      await page.goto("/profile");
      await expectProfileOf(page, SIGNED_IN_USER);
      expect(await axeViolations(page)).toEqual([]);
    });
  });
});

test("when a keyboard user logs in with Tab, typing and Enter, then they reach their profile", async ({
  page,
  newUser,
}) => {
  const user = await newUser();
  await page.goto("/login");
  await expect(page.getByRole("heading", { level: 1, name: "Log in" })).toBeVisible();

  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Email")).toBeFocused();
  await page.keyboard.type(user.email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(user.password);
  await page.keyboard.press("Enter");

  await expectProfileOf(page, user);
  expect(await readAccessToken(page)).toBeTruthy();
});

test("when a keyboard user's login fails, then the focus moves to the error and they can try again", async ({
  page,
  newUser,
}) => {
  const user = await newUser();
  await page.goto("/login");
  await page.getByLabel("Email").focus();
  await page.keyboard.type(user.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type("wrong password");
  await page.keyboard.press("Enter");

  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Incorrect email or password");
  await expect(alert).toBeFocused();

  // From the error, the fields are next in the tab order.
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Email")).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(user.password);
  await page.keyboard.press("Enter");
  await expectProfileOf(page, user);
});

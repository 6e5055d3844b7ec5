/**
 * Every page passes axe-core's checks (WCAG 2 A/AA and best practices) with no violation, in
 * the light and the dark colour scheme; the login, the second-factor step, the account menu
 * and the security page work from the keyboard alone, with errors that take the focus.
 */
import { readAccessToken, TOKEN_STORAGE_KEY } from "./support/access-token";
import { expectProfileOf, logInThroughForm, submitLoginForm } from "./support/log-in";
import { axeViolations } from "./support/run-axe";
import { storageStatePath } from "./support/run-settings";
import { turnOnTotp } from "./support/second-factor";
import { totpCode } from "./support/totp";
import { SIGNED_IN_USER } from "./support/signed-in-user";
import { expect, test } from "./support/test";

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`axe finds no violations, ${colorScheme} colour scheme`, () => {
    // The app's Content-Security-Policy (rightly) blocks the injected axe script.
    test.use({ bypassCSP: true, colorScheme });

    const publicPages = [
      { path: "/login", heading: "Log in" },
      { path: "/register", heading: "Create an account" },
      { path: "/forgot-password", heading: "Forgot your password?" },
      { path: "/reset-password#token=not-a-real-token", heading: "Set a new password" },
      { path: "/verify-email#token=not-a-real-token", heading: "Verify your email" },
      { path: "/no-such-page", heading: "Page not found" },
    ];
    for (const { path, heading } of publicPages) {
      test(`when ${path} is scanned in ${colorScheme}, then axe finds no violations`, async ({
        page,
      }) => {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
        expect(await axeViolations(page)).toEqual([]);
      });
    }

    test(`when the login page shows an error in ${colorScheme}, then axe finds no violations`, async ({
      page,
    }) => {
      await page.goto("/login");
      await submitLoginForm(page, { email: "not an email", password: "short" });
      await expect(page.getByRole("alert")).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });

    test(`when the register form shows its field errors and checklist in ${colorScheme}, then axe finds no violations`, async ({
      page,
    }) => {
      await page.goto("/register");
      await page.getByLabel("Password").fill("password");
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByRole("alert").first()).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });

    test(`when the second-factor step is scanned in ${colorScheme}, then axe finds no violations`, async ({
      page,
      request,
      newUser,
    }) => {
      const user = await newUser();
      await turnOnTotp(request, user);
      await page.goto("/login");
      await submitLoginForm(page, user);
      await expect(page.getByLabel("Authentication code")).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });

    test(`when a logged-out user lands on the login page with the reason in ${colorScheme}, then axe finds no violations`, async ({
      page,
      context,
      newUser,
    }) => {
      const user = await newUser();
      await logInThroughForm(page, user);
      await context.clearCookies();
      await page.evaluate((key) => window.localStorage.setItem(key, "junk"), TOKEN_STORAGE_KEY);
      await page.reload();
      await expect(page.getByRole("main").getByRole("status")).toContainText("logged out");
      expect(await axeViolations(page)).toEqual([]);
    });

    test.describe("logged in", () => {
      test.use({ storageState: storageStatePath() });

      test(`when /profile is scanned in ${colorScheme}, with a form and the account menu open, then axe finds no violations`, async ({
        page,
      }) => {
        await page.goto("/profile");
        await expectProfileOf(page, SIGNED_IN_USER);
        expect(await axeViolations(page)).toEqual([]);
        await page.getByRole("button", { name: "Change password" }).click();
        await page.getByLabel("New password").fill("password");
        await page.getByRole("button", { name: "Account" }).click();
        await expect(page.getByRole("link", { name: "Security", exact: true })).toBeVisible();
        expect(await axeViolations(page)).toEqual([]);
      });

      test(`when /security is scanned in ${colorScheme}, then axe finds no violations`, async ({
        page,
      }) => {
        await page.goto("/security");
        await expect(page.getByRole("list", { name: "Signed-in devices" })).toBeVisible();
        await expect(page.getByText("Loading")).toHaveCount(0);
        expect(await axeViolations(page)).toEqual([]);
      });

      test(`when a confirm dialog is open in ${colorScheme}, then axe finds no violations`, async ({
        page,
      }) => {
        await page.goto("/profile");
        await expectProfileOf(page, SIGNED_IN_USER);
        await page.getByRole("button", { name: "Log out of all devices" }).click();
        const dialog = page.getByRole("dialog", { name: "Log out of all devices?" });
        await expect(dialog).toBeVisible();
        expect(await axeViolations(page)).toEqual([]);
        // Only looked at: the shared user stays signed in.
        await dialog.getByRole("button", { name: "Cancel" }).click();
        await expect(dialog).toHaveCount(0);
      });

      test.describe("on a 375 px wide phone", () => {
        test.use({ viewport: { width: 375, height: 740 } });

        for (const path of ["/profile", "/security"]) {
          test(`when ${path} is scanned at 375 px in ${colorScheme}, then axe finds no violations`, async ({
            page,
          }) => {
            await page.goto(path);
            await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
            await expect(page.getByText("Loading")).toHaveCount(0);
            expect(await axeViolations(page)).toEqual([]);
          });
        }
      });
    });

    test.describe("logged out, on a 375 px wide phone", () => {
      test.use({ viewport: { width: 375, height: 740 } });

      for (const path of ["/login", "/register"]) {
        test(`when ${path} is scanned at 375 px in ${colorScheme}, then axe finds no violations`, async ({
          page,
        }) => {
          await page.goto(path);
          await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
          expect(await axeViolations(page)).toEqual([]);
        });
      }
    });
  });
}

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

test("when a keyboard user with an authenticator app logs in, then the code field has the focus and its sixth digit verifies it", async ({
  page,
  request,
  newUser,
}) => {
  const user = await newUser();
  const secret = await turnOnTotp(request, user);
  await page.goto("/login");
  await page.keyboard.press("Tab");
  await page.keyboard.type(user.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(user.password);
  await page.keyboard.press("Enter");

  await expect(
    page.getByRole("heading", { level: 1, name: "Two-factor authentication" }),
  ).toBeVisible();
  await expect(page.getByLabel("Authentication code")).toBeFocused();
  await page.keyboard.type(totpCode(secret, 1));
  await expectProfileOf(page, user);
});

test("when a keyboard user opens the account menu, goes to Security and revokes another session, then it works without a mouse", async ({
  page,
  newUser,
  openContext,
}) => {
  const user = await newUser();
  const other = await (await openContext()).newPage();
  await logInThroughForm(other, user);
  await logInThroughForm(page, user);

  const trigger = page.getByRole("button", { name: "Account" });
  await trigger.focus();
  await page.keyboard.press("Enter");
  await expect(trigger).toHaveAttribute("aria-expanded", "true");
  // Escape closes it and the focus stays on the button; Enter opens it again.
  await page.keyboard.press("Escape");
  await expect(trigger).toHaveAttribute("aria-expanded", "false");
  await expect(trigger).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Profile" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Security", exact: true })).toBeFocused();
  await page.keyboard.press("Enter");

  await expect(page.getByRole("heading", { level: 1, name: "Security" })).toBeVisible();
  const revoke = page.getByRole("button", { name: "Revoke" });
  await expect(revoke).toHaveCount(2);
  // Tab from the top of the page until a Revoke button has the focus.
  await expect
    .poll(
      async () => {
        await page.keyboard.press("Tab");
        return page.evaluate(() => document.activeElement?.textContent ?? "");
      },
      { intervals: [0], timeout: 10_000 },
    )
    .toBe("Revoke");
  await page.keyboard.press("Enter");
  // It asks first, with the focus on the safe answer; the other is one Shift+Tab away.
  const dialog = page.getByRole("dialog", { name: "Revoke this session?" });
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(dialog.getByRole("button", { name: "Revoke" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toHaveCount(0);
  await expect(
    page.getByRole("status").filter({ hasText: "That session has been ended" }),
  ).toBeVisible();
  await expect(revoke).toHaveCount(1);
});

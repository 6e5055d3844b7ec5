/**
 * The pieces of the interface that every page shares: the header's account menu, the
 * show/hide toggle of password fields, the error summary whose items lead to their fields,
 * the new-password checklist, and the not-found page's way back.
 */
import { expectProfileOf, logInThroughForm } from "./support/log-in";
import { storageStatePath } from "./support/run-settings";
import { SIGNED_IN_USER } from "./support/signed-in-user";
import { expect, test } from "./support/test";

test.describe("the account menu", () => {
  test.use({ storageState: storageStatePath() });

  test("when it is closed, then its items are not on the page and the profile has one Log out button", async ({
    page,
  }) => {
    await page.goto("/profile");
    await expectProfileOf(page, SIGNED_IN_USER);
    const trigger = page.getByRole("banner").getByRole("button", { name: "Account" });
    await expect(trigger).toHaveAttribute("aria-expanded", "false");
    await expect(page.getByRole("button", { name: "Log out", exact: true })).toHaveCount(1);
    await expect(page.getByRole("link", { name: "Profile", exact: true })).toHaveCount(0);
  });

  test("when it is opened, then it shows who is signed in and leads to the security page", async ({
    page,
  }) => {
    await page.goto("/profile");
    await expectProfileOf(page, SIGNED_IN_USER);
    const banner = page.getByRole("banner");
    await banner.getByRole("button", { name: "Account" }).click();
    await expect(banner).toContainText(SIGNED_IN_USER.email);
    await expect(banner.getByRole("button", { name: "Log out", exact: true })).toBeVisible();
    await banner.getByRole("link", { name: "Security", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Security" })).toBeVisible();
    await expect(banner.getByRole("button", { name: "Account" })).toHaveAttribute(
      "aria-expanded",
      "false",
    );
  });
});

test("when the menu's Log out is chosen, then the user is logged out", async ({
  page,
  newUser,
}) => {
  const user = await newUser();
  await logInThroughForm(page, user);
  const banner = page.getByRole("banner");
  await banner.getByRole("button", { name: "Account" }).click();
  await banner.getByRole("button", { name: "Log out", exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("main").getByRole("status")).toHaveText("You have logged out.");
  await expect(page.getByRole("banner").getByRole("button")).toHaveCount(0);
});

test("when Show password is pressed on the login page, then the password is readable, and hidden again after a second press", async ({
  page,
}) => {
  await page.goto("/login");
  const password = page.getByLabel("Password");
  await password.fill("my secret passphrase");
  const toggle = page.getByRole("button", { name: "Show password" });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await expect(password).toHaveAttribute("type", "password");

  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(password).toHaveAttribute("type", "text");
  await expect(password).toHaveValue("my secret passphrase");
  await toggle.click();
  await expect(password).toHaveAttribute("type", "password");
});

test("when the register form is sent empty, then each field says what is missing once, at the field, and the first has focus", async ({
  page,
}) => {
  await page.goto("/register");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("alert")).toHaveText([
    "Name is required",
    "Email is required",
    "Password is required",
  ]);
  await expect(page.getByRole("alert").getByRole("link")).toHaveCount(0);
  await expect(page.getByLabel("Name", { exact: true })).toBeFocused();
  for (const [label, message] of [
    ["Name", "Name is required"],
    ["Email", "Email is required"],
    ["Password", "Password is required"],
  ] as const) {
    const field = page.getByLabel(label, { exact: true });
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveAccessibleDescription(new RegExp(message));
    // Every error sits above its input, the password's too (not under the checklist).
    const [error, input] = await Promise.all([
      page.getByText(message).boundingBox(),
      field.boundingBox(),
    ]);
    expect(error!.y).toBeLessThan(input!.y);
  }
});

test("when an empty password is sent, then login and register say the same thing", async ({
  page,
}) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("ada@example.com");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toContainText("Password is required");

  await page.goto("/register");
  await page.getByRole("button", { name: "Create account" }).click();
  const passwordError = page.getByRole("alert").filter({ hasText: "Password" });
  await expect(passwordError).toHaveText("Password is required");
});

test("when a new password is typed, then the checklist flags a common one and the email before anything is sent", async ({
  page,
}) => {
  await page.goto("/register");
  await page.getByLabel("Email").fill("katherine@example.com");
  const password = page.getByLabel("Password");
  const rules = page.locator("#register-password-rules");

  await password.fill("password123");
  await expect(rules.locator(".rule-unmet")).toHaveText([
    "Not one of the most common passwords: not yet",
  ]);
  await password.fill("katherine@example.com");
  await expect(rules.locator(".rule-unmet")).toHaveText(["Not your email address: not yet"]);
  await password.fill("orbital mechanics 1962");
  await expect(rules.locator(".rule-met")).toHaveCount(3);
});

test("when the email is already registered, then the alert links to the login page", async ({
  page,
  newUser,
}) => {
  const user = await newUser();
  await page.goto("/register");
  await page.getByLabel("Name", { exact: true }).fill("Someone Else");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill("a different passphrase");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("alert").getByRole("link", { name: "Log in instead" }).click();
  await expect(page).toHaveURL(/\/login$/);
});

test("when the current password is wrong on a password change, then it says so, not 'Incorrect email or password'", async ({
  page,
  newUser,
}) => {
  const user = await newUser();
  await logInThroughForm(page, user);
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password").fill("a brand new passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Current password is incorrect");
  await expect(alert).not.toContainText("Incorrect email or password");
});

test.describe("the not-found page", () => {
  test("when a logged-out visitor gets there, then it offers to log in, not the profile", async ({
    page,
  }) => {
    await page.goto("/no-such-page");
    await expect(page.getByRole("main").getByRole("link", { name: "Log in" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Go to your profile" })).toHaveCount(0);
  });

  test.describe("logged in", () => {
    test.use({ storageState: storageStatePath() });

    test("when a signed-in user gets there, then it offers their profile", async ({ page }) => {
      await page.goto("/no-such-page");
      await page.getByRole("link", { name: "Go to your profile" }).click();
      await expectProfileOf(page, SIGNED_IN_USER);
    });
  });
});

test.describe("on a 375 px wide phone", () => {
  test.use({ viewport: { width: 375, height: 740 } });

  for (const path of ["/login", "/register"]) {
    test(`when ${path} is shown, then nothing is wider than the screen`, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        375,
      );
    });
  }

  test.describe("logged in", () => {
    test.use({ storageState: storageStatePath() });

    for (const path of ["/profile", "/security"]) {
      test(`when ${path} is shown, then nothing is wider than the screen and the account menu keeps its name`, async ({
        page,
      }) => {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await page.getByRole("button", { name: "Account", exact: true }).click();
        await expect(page.getByRole("link", { name: "Profile", exact: true })).toBeVisible();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          375,
        );
      });
    }
  });
});

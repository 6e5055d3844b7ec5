/**
 * Signing in through an OpenID Connect provider, in the browser: the login page's button,
 * the provider's own login page (a real oidc-provider started with the servers), and back
 * on the profile; then linking a provider from the security page, using it, unlinking it.
 */
import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { readAccessToken } from "./support/access-token";
import { expectProfileOf, logInThroughForm, logOutThroughProfile } from "./support/log-in";
import { turnOnTotp } from "./support/second-factor";
import { expect, test } from "./support/test";
import { totpCode } from "./support/totp";
import { verifyEmailThroughApi } from "./support/verify-email";

/** The development login page of the provider: any login, any password. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

test("when a visitor continues with the provider and signs in there, then they land on their new profile", async ({
  page,
}) => {
  const login = `visitor-${randomUUID().slice(0, 8)}`;
  await page.goto("/login");
  await page.getByRole("button", { name: "Continue with Demo IdP" }).click();
  await signInAtProvider(page, login);

  await expectProfileOf(page, { name: login, email: `${login}@example.test` });
  expect(page.url(), "no token in the URL").not.toMatch(/token|code=/);
});

test("when a user links the provider on the security page, then they can log in through it and unlink it", async ({
  page,
  request,
  newUser,
}) => {
  const user = await verifyEmailThroughApi(request, await newUser());
  await logInThroughForm(page, user);
  await page.goto("/security");
  const section = page.getByRole("region", { name: "Sign-in providers" });
  await section.getByRole("button", { name: "Link Demo IdP" }).click();
  await signInAtProvider(page, `linked-${randomUUID().slice(0, 8)}`);

  await expect(page).toHaveURL(/\/security$/);
  await expect(section.getByRole("button", { name: "Unlink Demo IdP" })).toBeVisible();

  await page.goto("/profile");
  await logOutThroughProfile(page);
  // The provider remembers its own session: it sends the browser straight back.
  await page.getByRole("button", { name: "Continue with Demo IdP" }).click();
  await expectProfileOf(page, user);

  await page.goto("/security");
  await section.getByRole("button", { name: "Unlink Demo IdP" }).click();
  await page
    .getByRole("dialog", { name: "Unlink Demo IdP?" })
    .getByRole("button", { name: "Unlink Demo IdP" })
    .click();
  await expect(section.getByRole("button", { name: "Link Demo IdP" })).toBeVisible();
});

test("when an account made through the provider sets a password, then it is told so and can log in with it", async ({
  page,
}) => {
  const login = `nopassword-${randomUUID().slice(0, 8)}`;
  const account = { name: login, email: `${login}@example.test`, password: "set through profile" };
  await page.goto("/login");
  await page.getByRole("button", { name: "Continue with Demo IdP" }).click();
  await signInAtProvider(page, login);
  await expectProfileOf(page, account);

  await expect(page.getByRole("button", { name: "Change password" })).toHaveCount(0);
  await page.getByRole("button", { name: "Set a password" }).click();
  await expect(page.getByLabel("Current password")).toHaveCount(0);
  await page.getByLabel("New password").fill(account.password);
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password has been set.");
  await expect(page.getByRole("button", { name: "Change password" })).toBeVisible();

  await logOutThroughProfile(page);
  await logInThroughForm(page, account);
});

test("when a user links a provider account that is another account's, then the security page says it is taken", async ({
  page,
  newUser,
  openContext,
  request,
}) => {
  const login = `taken-${randomUUID().slice(0, 8)}`;
  const first = await (await openContext()).newPage();
  await first.goto("/login");
  await first.getByRole("button", { name: "Continue with Demo IdP" }).click();
  await signInAtProvider(first, login);
  await expectProfileOf(first, { name: login, email: `${login}@example.test` });

  const user = await verifyEmailThroughApi(request, await newUser());
  await logInThroughForm(page, user);
  await page.goto("/security");
  const section = page.getByRole("region", { name: "Sign-in providers" });
  await section.getByRole("button", { name: "Link Demo IdP" }).click();
  await signInAtProvider(page, login);

  await expect(page).toHaveURL(/\/security\?error=oidc_identity_taken$/);
  await expect(section.getByRole("alert")).toContainText(
    "already connected to another account here",
  );
  await expect(section.getByRole("button", { name: "Link Demo IdP" })).toBeVisible();
});

test("when an account with TOTP on logs in through the provider, then it goes through the code step", async ({
  page,
  request,
  newUser,
}) => {
  const user = await verifyEmailThroughApi(request, await newUser());
  await logInThroughForm(page, user);
  await page.goto("/security");
  const section = page.getByRole("region", { name: "Sign-in providers" });
  await section.getByRole("button", { name: "Link Demo IdP" }).click();
  await signInAtProvider(page, `totp-${randomUUID().slice(0, 8)}`);
  await expect(section.getByRole("button", { name: "Unlink Demo IdP" })).toBeVisible();
  const secret = await turnOnTotp(request, user);

  await page.goto("/profile");
  await logOutThroughProfile(page);
  await page.getByRole("button", { name: "Continue with Demo IdP" }).click();

  await expect(page.getByRole("heading", { name: "Two-factor authentication" })).toBeVisible();
  await expect(page).toHaveURL(/\/auth\/callback/);
  expect(page.url(), "the mfaToken leaves the address bar at once").not.toMatch(/mfaToken/);
  expect(await readAccessToken(page)).toBeNull();
  // The sixth digit sends the code: no button to press.
  await page.getByLabel("Authentication code").fill(totpCode(secret, 1));
  await expectProfileOf(page, user);
});

/**
 * The admin console from the browser: an administrator locks a user who has the profile
 * open elsewhere (that browser lands on the login page saying why), a support recovery
 * (two-factor reset, then the password alone signs in), the audit log listing both, and what
 * everyone else sees. Accessible names as API-CONTRACT.md lists them.
 */
import { apiPaths, type AuthResponse } from "@jwt-auth/shared";
import type { APIRequestContext, Page } from "@playwright/test";
import { expectProfileOf, logInThroughForm, submitLoginForm } from "./support/log-in";
import { grantAdmin } from "./support/make-admin";
import type { RegisteredUser } from "./support/register-user";
import { axeViolations } from "./support/run-axe";
import { turnOnTotp } from "./support/second-factor";
import { expect, test } from "./support/test";

/** Proves the user's address through the development mailbox, and gives them a token that says so. */
async function verifyEmail(
  request: APIRequestContext,
  user: RegisteredUser,
): Promise<RegisteredUser> {
  let token: string | undefined;
  await expect(async () => {
    const mailbox = await request.get(apiPaths.devMailbox);
    const { messages } = (await mailbox.json()) as {
      messages: Array<{ to: string; text: string }>;
    };
    token = messages
      .filter((message) => message.to === user.email)
      .map((message) => /\/verify-email#token=([\w-]+)/.exec(message.text)?.[1])
      .find(Boolean);
    expect(token).toBeDefined();
  }).toPass();
  const verified = await request.post(apiPaths.verifyEmail, { data: { token } });
  expect(verified.status()).toBe(200);
  const login = await request.post(apiPaths.login, {
    data: { email: user.email, password: user.password },
  });
  const body = (await login.json()) as AuthResponse;
  return { ...user, accessToken: body.accessToken };
}

/** An administrator signed in through the form, on the console. */
async function openConsoleAs(page: Page, admin: RegisteredUser): Promise<void> {
  grantAdmin(admin.email);
  await logInThroughForm(page, admin);
  await page.getByRole("button", { name: "Account" }).click();
  await page.getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Users" })).toBeVisible();
}

async function openUser(page: Page, email: string): Promise<void> {
  await page.getByLabel("Search users").fill(email);
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: email }).click();
  await expect(page.getByRole("heading", { level: 2, name: email })).toBeVisible();
}

/** Clicks an action on the user's page and confirms it in its dialog. */
async function act(page: Page, action: string, confirm: string, fill?: Record<string, string>) {
  await page.getByRole("button", { name: action, exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  for (const [label, value] of Object.entries(fill ?? {}))
    await dialog.getByLabel(label).fill(value);
  await dialog.getByRole("button", { name: confirm }).click();
  await expect(dialog).toBeHidden();
}

test("when an administrator locks a user who has the profile open, then that browser lands on the login page saying why, and the audit log lists it", async ({
  page,
  newUser,
  openContext,
}) => {
  const admin = await newUser({ name: "Ada Admin" });
  const user = await newUser({ name: "Lou Locked" });
  const elsewhere = await (await openContext()).newPage();
  await logInThroughForm(elsewhere, user);

  await openConsoleAs(page, admin);
  await openUser(page, user.email);
  await act(page, "Lock", "Lock account", { Reason: "Chargeback under review" });
  await expect(page.getByRole("status")).toContainText("The account is locked");
  await expect(page.getByRole("button", { name: "Unlock" })).toBeVisible();

  await elsewhere.reload();
  await expect(elsewhere).toHaveURL(/\/login$/);
  const notice = elsewhere.getByRole("main").getByRole("status");
  await expect(notice).toContainText("locked by an administrator");
  await expect(notice).toContainText("Chargeback under review");
  await submitLoginForm(elsewhere, user);
  await expect(elsewhere.getByRole("alert")).toContainText("Chargeback under review");

  await page.getByRole("link", { name: "Back to all users" }).click();
  const audit = page.getByRole("list", { name: "Administrator actions" });
  await expect(audit).toContainText(`${admin.email} locked ${user.email}`);
});

test("when support resets a user's two-factor, then the password alone signs them in, and the audit log lists it", async ({
  page,
  newUser,
  openContext,
  request,
}) => {
  const admin = await newUser({ name: "Ada Admin" });
  const user = await verifyEmail(request, await newUser({ name: "Lost Phone" }));
  await turnOnTotp(request, user);

  await openConsoleAs(page, admin);
  await openUser(page, user.email);
  await expect(page.getByText("On (authenticator app)")).toBeVisible();
  await act(page, "Reset two-factor", "Reset two-factor");
  await expect(page.getByRole("status")).toContainText("Two-factor authentication is off");
  await expect(page.getByText("On (authenticator app)")).toBeHidden();

  const userPage = await (await openContext()).newPage();
  await userPage.goto("/login");
  await submitLoginForm(userPage, user);
  await expectProfileOf(userPage, user);

  await page.getByRole("link", { name: "Back to all users" }).click();
  await expect(page.getByRole("list", { name: "Administrator actions" })).toContainText(
    `${admin.email} reset two-factor authentication of ${user.email}`,
  );
});

test("when someone without the admin role opens /admin, then the page says they have no access and the menu has no Admin link", async ({
  page,
  newUser,
}) => {
  await logInThroughForm(page, await newUser());
  await page.getByRole("button", { name: "Account" }).click();
  await expect(page.getByRole("link", { name: "Profile" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1, name: "No access" })).toBeVisible();
});

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`the console at 375 px, ${colorScheme}`, () => {
    test.use({ bypassCSP: true, colorScheme, viewport: { width: 375, height: 740 } });

    test(`when the list, a user's page and a confirm dialog are scanned in ${colorScheme}, then axe finds no violations and nothing overflows`, async ({
      page,
      newUser,
    }) => {
      const admin = await newUser({ name: "Ada Admin" });
      const user = await newUser();
      grantAdmin(admin.email);
      await logInThroughForm(page, admin);
      await page.goto("/admin");
      await expect(page.getByRole("heading", { level: 2, name: "Audit log" })).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
      await openUser(page, user.email);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Delete user" }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Cancel" }).click();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(375);
    });
  });
}

/**
 * The security page in the browser: ending another device's session, the step-up dialog
 * before a dangerous action, and deleting the account.
 */
import { apiPaths, type ErrorCode } from "@jwt-auth/shared";
import type { APIRequestContext, Page } from "@playwright/test";
import { readAccessToken } from "./support/access-token";
import { expectProfileOf, logInThroughForm, submitLoginForm } from "./support/log-in";
import { expect, test } from "./support/test";

test("when the user revokes another browser from the security page, then that browser lands on the login page saying why", async ({
  page,
  newUser,
  openContext,
}) => {
  const user = await newUser();
  const laptop = page;
  const phone = await (await openContext()).newPage();
  await logInThroughForm(laptop, user);
  await logInThroughForm(phone, user);

  await laptop.getByRole("link", { name: /Security/ }).click();
  await expect(laptop).toHaveURL(/\/security$/);
  const rows = laptop.getByRole("list", { name: "Signed-in devices" }).getByRole("listitem");
  await expect(rows).toHaveCount(3); // the registration's session, the laptop, the phone
  await expect(laptop.getByRole("listitem", { name: /this device/ })).toHaveCount(1);
  await expect(
    laptop.getByRole("listitem", { name: /this device/ }).getByRole("button"),
  ).toHaveCount(0);

  // The phone is the most recently used session that is not this one.
  await laptop.getByRole("button", { name: "Revoke" }).first().click();
  await laptop
    .getByRole("dialog", { name: "Revoke this session?" })
    .getByRole("button", { name: "Revoke" })
    .click();
  await expect(
    laptop.getByRole("status").filter({ hasText: "That session has been ended" }),
  ).toBeVisible();
  await expect(laptop.getByRole("button", { name: "Revoke" })).toHaveCount(1);

  await phone.reload();
  await expect(phone).toHaveURL(/\/login$/);
  await expect(phone.getByRole("status")).toContainText("Your session was ended");
  expect(await readAccessToken(phone)).toBeNull();

  // The laptop was not touched, and its activity log tells what happened.
  await laptop.reload();
  await expect(laptop.getByRole("heading", { name: "Activity" })).toBeVisible();
  await expect(laptop.getByText(/Ended a session/)).toBeVisible();
  await expect(laptop.getByText(/Signed in from/).first()).toBeVisible();
});

test("when the user deletes their account, then they are logged out and the email can register again", async ({
  page,
  newUser,
  request,
}) => {
  const user = await newUser();
  await logInThroughForm(page, user);
  await page.goto("/security");
  await page.getByRole("button", { name: "Delete my account" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete your account?" });
  await expect(dialog).toContainText("cannot be undone");
  await dialog.getByRole("button", { name: "Delete my account permanently" }).click();

  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("status")).toContainText("Your account has been deleted");
  await submitLoginForm(page, user);
  await expect(page.getByRole("alert")).toContainText("Incorrect email or password");

  const again = await request.post(apiPaths.register, {
    data: { name: user.name, email: user.email, password: user.password },
  });
  expect(again.status()).toBe(201);
});

test.describe("with a re-authentication age of 2 seconds", { tag: "@short-ttl" }, () => {
  test("when a dangerous action needs a recent sign-in, then a dialog asks for the password and the action goes through", async ({
    page,
    newUser,
    request,
  }) => {
    const user = await newUser();
    await logInThroughForm(page, user);
    await page.goto("/security");
    await expect(page.getByRole("heading", { name: "Sessions" })).toBeVisible();
    await waitUntilStale(request, user);

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export my data" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toBeVisible();
    await dialog.getByLabel("Password").fill("not my password");
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await expect(dialog.getByRole("alert")).toContainText("That password is not correct");
    await dialog.getByLabel("Password").fill(user.password);
    await dialog.getByRole("button", { name: "Confirm" }).click();

    await expect(dialog).toBeHidden();
    expect((await download).suggestedFilename()).toBe("account-export.json");
    await expect(page.getByRole("status").filter({ hasText: "downloaded" })).toBeVisible();
    await expectSignedIn(page, user);
  });
});

/**
 * Waits, by asking the server, until a fresh route refuses a session that signed in after
 * the browser did: then the browser's own sign-in is too old as well. Each try refreshes
 * first (a refresh keeps `auth_time`), so the 3-second access tokens never get in the way.
 */
async function waitUntilStale(
  request: APIRequestContext,
  user: { email: string; password: string },
): Promise<void> {
  const login = await request.post(apiPaths.login, {
    data: { email: user.email, password: user.password },
  });
  expect(login.status()).toBe(200);
  await expect
    .poll(
      async () => {
        const refreshed = await request.post(apiPaths.refresh);
        const { accessToken } = (await refreshed.json()) as { accessToken: string };
        const response = await request.get(apiPaths.exportData, {
          headers: { Authorization: `Bearer ${accessToken}` },
        });
        return response.ok() ? "fresh" : ((await response.json()) as { code: ErrorCode }).code;
      },
      { timeout: 15_000, intervals: [250] },
    )
    .toBe("reauthentication_required");
}

async function expectSignedIn(page: Page, user: { name: string; email: string }): Promise<void> {
  await page.goto("/profile");
  await expectProfileOf(page, user);
}

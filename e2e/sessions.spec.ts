/**
 * Sessions over time and across tabs and devices: silent refresh when the access token
 * expires, logout seen by the other tab, logout everywhere and password change seen by
 * another browser on its next request.
 */
import { apiPaths, type ErrorCode } from "@jwt-auth/shared";
import type { APIRequestContext, Page, Response } from "@playwright/test";
import { readAccessToken, waitUntilServerRefuses } from "./support/access-token";
import {
  expectProfileOf,
  logInThroughForm,
  logOutThroughProfile,
  submitLoginForm,
} from "./support/log-in";
import { expect, test } from "./support/test";

/** Every API answer the page receives, as "METHOD /path status", in arrival order. */
function recordApiTraffic(page: Page): string[] {
  const seen: string[] = [];
  page.on("response", (response) => {
    const { pathname } = new URL(response.url());
    if (pathname.startsWith("/api/"))
      seen.push(`${response.request().method()} ${pathname} ${response.status()}`);
  });
  return seen;
}

async function problemCode(response: Response): Promise<ErrorCode> {
  return ((await response.json()) as { code: ErrorCode }).code;
}

function isProfileRejection(response: Response): boolean {
  return new URL(response.url()).pathname === apiPaths.profile && response.status() === 401;
}

test("when the user logs out in one tab, then the other tab goes to the login page", async ({
  page,
  context,
  newUser,
}) => {
  const user = await newUser();
  await logInThroughForm(page, user);
  const otherTab = await context.newPage();
  await otherTab.goto("/profile");
  await expectProfileOf(otherTab, user);

  await logOutThroughProfile(page);
  await expect(otherTab).toHaveURL(/\/login$/);
});

test("when the user logs out of all devices, then another browser's session ends on its next request", async ({
  page,
  newUser,
  openContext,
}) => {
  const user = await newUser();
  const laptop = page;
  const phone = await (await openContext()).newPage();
  await logInThroughForm(laptop, user);
  await logInThroughForm(phone, user);

  await laptop.getByRole("button", { name: "Log out of all devices" }).click();
  await laptop
    .getByRole("dialog", { name: "Log out of all devices?" })
    .getByRole("button", { name: "Log out of all devices" })
    .click();
  await expect(laptop).toHaveURL(/\/login$/);

  // The phone still shows the page it loaded; its next call to the API is refused.
  const rejection = phone.waitForResponse(isProfileRejection);
  await phone.getByRole("button", { name: "Edit name" }).click();
  await phone.getByLabel("Name", { exact: true }).fill("Still here?");
  await phone.getByRole("button", { name: "Save name" }).click();
  expect(await problemCode(await rejection)).toBe("token_revoked");
  await expect(phone).toHaveURL(/\/login$/);
  expect(await readAccessToken(phone)).toBeNull();
});

test("when the user changes their password, then other browsers are logged out and this one is not", async ({
  page,
  newUser,
  openContext,
}) => {
  const user = await newUser();
  const newPassword = "a brand new passphrase";
  const other = await (await openContext()).newPage();
  await logInThroughForm(page, user);
  await logInThroughForm(other, user);

  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password has been changed");

  await page.reload();
  await expectProfileOf(page, user);

  await other.reload();
  await expect(other).toHaveURL(/\/login$/);
  await submitLoginForm(other, user);
  await expect(other.getByRole("alert")).toContainText("Incorrect email or password");
  await submitLoginForm(other, { email: user.email, password: newPassword });
  await expectProfileOf(other, user);
});

test.describe("with access tokens that live 3 seconds", { tag: "@short-ttl" }, () => {
  test("when the access token expires while the profile is open, then the next action refreshes it silently", async ({
    page,
    newUser,
    request,
  }) => {
    const user = await newUser({ name: "Grace Hopper" });
    const traffic = recordApiTraffic(page);
    await logInThroughForm(page, user);
    const firstToken = await readAccessToken(page);
    await waitUntilServerRefuses(request, firstToken ?? "", "token_expired");

    await page.getByRole("button", { name: "Edit name" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Admiral Grace Hopper");
    await page.getByRole("button", { name: "Save name" }).click();
    await expect(page.getByRole("status")).toContainText("Your name has been saved");
    await expect(page.getByRole("main")).toContainText("Admiral Grace Hopper");

    // Renewed either by the app's timer or by the 401 interceptor, never by asking the user.
    expect(traffic).toContain(`POST ${apiPaths.refresh} 200`);
    expect(traffic).not.toContain(`POST ${apiPaths.refresh} 401`);
    expect(await readAccessToken(page)).not.toBe(firstToken);
    await expect(page).toHaveURL(/\/profile$/);
  });

  test("when the app starts with an expired access token, then it refreshes once and retries the request", async ({
    page,
    newUser,
    request,
  }) => {
    const user = await newUser();
    await logInThenLeaveUntilExpired(page, request, user);

    const traffic = recordApiTraffic(page);
    await page.goto("/profile");
    await expectProfileOf(page, user);
    expect(traffic.slice(0, 3)).toEqual([
      `GET ${apiPaths.profile} 401`,
      `POST ${apiPaths.refresh} 200`,
      `GET ${apiPaths.profile} 200`,
    ]);
  });

  test("when two tabs wake up with the same expired token, then both keep the session", async ({
    page,
    context,
    newUser,
    request,
  }) => {
    const user = await newUser();
    await logInThenLeaveUntilExpired(page, request, user);

    // Both tabs may send the same refresh cookie at once; the server's grace window must
    // treat that as two tabs, not as a stolen token (which would end the session).
    const otherTab = await context.newPage();
    await Promise.all([page.goto("/profile"), otherTab.goto("/profile")]);
    await expectProfileOf(page, user);
    await expectProfileOf(otherTab, user);

    await page.reload();
    await expectProfileOf(page, user);
  });
});

/**
 * Logs in, then leaves the app (so none of its timers renews the token) until the server
 * refuses the access token as expired: the state of a tab that wakes up later.
 */
async function logInThenLeaveUntilExpired(
  page: Page,
  request: APIRequestContext,
  user: Parameters<typeof logInThroughForm>[1],
): Promise<void> {
  await logInThroughForm(page, user);
  const expired = await readAccessToken(page);
  await page.goto("about:blank");
  await waitUntilServerRefuses(request, expired ?? "", "token_expired");
}

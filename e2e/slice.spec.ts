/**
 * The whole slice, as a user meets it: register, log in, the protected profile page, the
 * token in localStorage and on the wire, logout, expiry, and the edges (wrong password,
 * deep link while logged out, unknown page).
 */
import { apiPaths, REFRESH_COOKIE_NAME } from "@jwt-auth/shared";
import { readAccessToken, waitUntilServerRefuses } from "./support/access-token";
import {
  expectProfileOf,
  logInThroughForm,
  logOutThroughProfile,
  submitLoginForm,
} from "./support/log-in";
import { uniqueEmail } from "./support/register-user";
import { storageStatePath } from "./support/run-settings";
import { SIGNED_IN_USER } from "./support/signed-in-user";
import { expect, test } from "./support/test";

test("when a visitor registers through the form, then they land on their profile", async ({
  page,
}) => {
  const user = {
    name: "Katherine Johnson",
    email: uniqueEmail("register"),
    password: "orbital mechanics 1962",
  };
  await page.goto("/register");
  await page.getByLabel("Name", { exact: true }).fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();

  await expectProfileOf(page, user);
  expect(await readAccessToken(page)).toBeTruthy();
});

test("when a user logs in through the form, then the profile request carries the stored token as a Bearer", async ({
  page,
  newUser,
}) => {
  const user = await newUser();
  await page.goto("/login");
  const profileRequest = page.waitForRequest(
    (request) => request.method() === "GET" && new URL(request.url()).pathname === apiPaths.profile,
  );
  await submitLoginForm(page, user);
  await expectProfileOf(page, user);

  const token = await readAccessToken(page);
  expect(token, "the access token is kept in localStorage as a bare JWT").toMatch(
    /^[\w-]+\.[\w-]+\.[\w-]+$/,
  );
  expect(await (await profileRequest).headerValue("authorization")).toBe(`Bearer ${token}`);
});

test("when the user reloads the profile page, then they stay logged in", async ({
  page,
  newUser,
}) => {
  const user = await newUser();
  await logInThroughForm(page, user);
  await page.reload();
  await expectProfileOf(page, user);
});

test("when the password is wrong, then the error is announced and takes the focus", async ({
  page,
  newUser,
}) => {
  const user = await newUser();
  await page.goto("/login");
  await submitLoginForm(page, { email: user.email, password: "not the password at all" });

  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Incorrect email or password");
  await expect(alert).toBeFocused();
  await expect(page).toHaveURL(/\/login$/);
  expect(await readAccessToken(page)).toBeNull();
});

test("when a logged-out visitor opens a protected page, then they log in and come back to it", async ({
  page,
  newUser,
}) => {
  const user = await newUser();
  // A query string proves the way back is remembered, not just the default landing page.
  await page.goto("/profile?from=bookmark");
  await expect(page).toHaveURL(/\/login$/);

  await submitLoginForm(page, user);
  await expect(page).toHaveURL(/\/profile\?from=bookmark$/);
  await expect(page.getByRole("main")).toContainText(user.email);
});

test("when the user logs out, then the token and the refresh cookie are gone and the profile is protected again", async ({
  page,
  newUser,
  playwright,
  baseURL,
}) => {
  const user = await newUser();
  await logInThroughForm(page, user);
  const cookie = (await page.context().cookies()).find((c) => c.name === REFRESH_COOKIE_NAME);
  expect(cookie, "the login set the refresh cookie").toBeDefined();

  await logOutThroughProfile(page);
  expect(await readAccessToken(page)).toBeNull();
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain(REFRESH_COOKIE_NAME);

  await page.goto("/profile");
  await expect(page).toHaveURL(/\/login$/);
  // The old refresh token was revoked on the server, not only forgotten by the browser.
  // A cookie-less client, so nothing but the replayed cookie is sent.
  const client = await playwright.request.newContext({ baseURL });
  const replay = await client.post(apiPaths.refresh, {
    headers: { Cookie: `${REFRESH_COOKIE_NAME}=${cookie?.value}` },
  });
  expect(replay.status()).toBe(401);
  await client.dispose();
});

test("when the user edits their name, then the profile shows it, also after a reload", async ({
  page,
  newUser,
}) => {
  const user = await newUser({ name: "Grace Hopper" });
  await logInThroughForm(page, user);

  await page.getByRole("button", { name: "Edit name" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Rear Admiral Grace Hopper");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("status")).toContainText("Your name has been saved");
  await expect(page.getByRole("main")).toContainText("Rear Admiral Grace Hopper");

  await page.reload();
  await expectProfileOf(page, { ...user, name: "Rear Admiral Grace Hopper" });
});

test("when someone opens an address that does not exist, then they see the not-found page", async ({
  page,
}) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page).toHaveURL(/\/no-such-page$/);
});

test.describe("as a user who is already logged in", () => {
  test.use({ storageState: storageStatePath() });

  test("when they open the login page, then they land on their profile", async ({ page }) => {
    await page.goto("/login");
    await expectProfileOf(page, SIGNED_IN_USER);
  });

  test("when they open the register page, then they land on their profile", async ({ page }) => {
    await page.goto("/register");
    await expectProfileOf(page, SIGNED_IN_USER);
  });
});

test.describe("with access tokens that live 3 seconds", { tag: "@short-ttl" }, () => {
  test("when the access token has expired and the refresh cookie is gone, then the user is sent to log in, and back after", async ({
    page,
    context,
    newUser,
    request,
  }) => {
    const user = await newUser();
    await logInThroughForm(page, user);
    const token = await readAccessToken(page);
    await context.clearCookies();
    await waitUntilServerRefuses(request, token ?? "", "token_expired");

    // The next API call meets the 401, the refresh fails for want of a cookie, and the app
    // gives up on the session (its background refresh may get there first: same ending).
    await page.reload();
    await expect(page).toHaveURL(/\/login$/, { timeout: 20_000 });
    expect(await readAccessToken(page)).toBeNull();

    await submitLoginForm(page, user);
    await expectProfileOf(page, user);
  });
});

/**
 * Every way a session can end without the user asking, and what the login page then says:
 * logged out of all devices elsewhere, a password change elsewhere, the session revoked from
 * another device, a replayed refresh token, a token in storage that cannot be verified, and
 * plain expiry with no way to refresh. And the one way it need not end: an unusable stored
 * token next to a live refresh cookie, which one refresh saves.
 */
import { apiPaths, REFRESH_COOKIE_NAME, type SessionList } from "@jwt-auth/shared";
import type { Page } from "@playwright/test";
import { readAccessToken, TOKEN_STORAGE_KEY, waitUntilServerRefuses } from "./support/access-token";
import { expectProfileOf, logInThroughForm } from "./support/log-in";
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

async function storeToken(page: Page, token: string): Promise<void> {
  await page.evaluate(([key, value]) => window.localStorage.setItem(key, value), [
    TOKEN_STORAGE_KEY,
    token,
  ] as const);
}

/** The login page, showing why the user is there. */
async function expectLoggedOutBecause(page: Page, words: string | RegExp): Promise<void> {
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("main").getByRole("status")).toContainText(words);
  expect(await readAccessToken(page)).toBeNull();
}

test.describe("when another device ends this browser's session, the login page says how", () => {
  test("when the user logs out of all devices elsewhere, then this browser says so", async ({
    page,
    newUser,
    request,
  }) => {
    const user = await newUser();
    await logInThroughForm(page, user);
    const elsewhere = await request.post(apiPaths.logoutAll, {
      headers: { Authorization: `Bearer ${user.accessToken}` },
    });
    expect(elsewhere.status()).toBe(204);

    await page.reload();
    await expectLoggedOutBecause(page, "Log out of all devices");
  });

  test("when the password is changed elsewhere, then this browser says so", async ({
    page,
    newUser,
    request,
  }) => {
    const user = await newUser();
    await logInThroughForm(page, user);
    const elsewhere = await request.post(apiPaths.password, {
      headers: { Authorization: `Bearer ${user.accessToken}` },
      data: { currentPassword: user.password, newPassword: "a whole new passphrase" },
    });
    expect(elsewhere.status()).toBe(204);

    await page.reload();
    await expectLoggedOutBecause(page, "Your password was changed");
  });

  test("when this session is revoked from another device, then this browser says so", async ({
    page,
    newUser,
    request,
  }) => {
    const user = await newUser();
    await logInThroughForm(page, user);
    const headers = { Authorization: `Bearer ${user.accessToken}` };
    const { sessions } = (await (
      await request.get(apiPaths.sessions, { headers })
    ).json()) as SessionList;
    const browserSession = sessions.find((session) => !session.current);
    const revoked = await request.delete(
      apiPaths.session.replace("{id}", encodeURIComponent(browserSession!.id)),
      { headers },
    );
    expect(revoked.status()).toBe(204);

    await page.reload();
    await expectLoggedOutBecause(page, "Your session was ended from another device");
  });

  test("when an old refresh token is replayed, then the session ends and this browser says why", async ({
    page,
    newUser,
    playwright,
    baseURL,
  }) => {
    const user = await newUser();
    await logInThroughForm(page, user);
    const stolen = (await page.context().cookies()).find((c) => c.name === REFRESH_COOKIE_NAME);
    // The app's own refresh rotates the cookie; the old one is now a copy a thief might hold.
    const rotated = await page.evaluate(async (path) => {
      const response = await fetch(path, { method: "POST" });
      return response.status;
    }, apiPaths.refresh);
    expect(rotated).toBe(200);

    const thief = await playwright.request.newContext({ baseURL });
    // Within the grace window a replay counts as a second tab; after it, as theft.
    await expect
      .poll(
        async () =>
          (
            await thief.post(apiPaths.refresh, {
              headers: { Cookie: `${REFRESH_COOKIE_NAME}=${stolen?.value}` },
            })
          ).status(),
        { timeout: 20_000, intervals: [500] },
      )
      .toBe(401);
    await thief.dispose();

    await page.reload();
    await expectLoggedOutBecause(page, "an old sign-in token was used again");
  });
});

test.describe("an unusable token in storage", () => {
  test("when storage holds junk and the refresh cookie is live, then one refresh keeps the user logged in", async ({
    page,
    newUser,
  }) => {
    const user = await newUser();
    await logInThroughForm(page, user);
    await storeToken(page, "this is not a token");

    const traffic = recordApiTraffic(page);
    await page.reload();
    await expectProfileOf(page, user);
    expect(traffic.slice(0, 3)).toEqual([
      `GET ${apiPaths.profile} 401`,
      `POST ${apiPaths.refresh} 200`,
      `GET ${apiPaths.profile} 200`,
    ]);
    expect(await readAccessToken(page)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  for (const kind of ["junk", "a forged token"] as const) {
    test(`when storage holds ${kind} and there is no refresh cookie, then the login page says the sign-in could not be verified`, async ({
      page,
      context,
      newUser,
    }) => {
      const user = await newUser();
      await logInThroughForm(page, user);
      const real = (await readAccessToken(page)) ?? "";
      const [header, payload] = real.split(".");
      // A token that reads well but was not signed by the server.
      const forged = `${header}.${payload}.${"A".repeat(43)}`;
      await context.clearCookies();
      await storeToken(page, kind === "junk" ? "junk" : forged);

      const traffic = recordApiTraffic(page);
      await page.reload();
      await expectLoggedOutBecause(page, "could not be verified");
      expect(traffic).toContain(`POST ${apiPaths.refresh} 401`);
    });
  }
});

test.describe("with access tokens that live 3 seconds", { tag: "@short-ttl" }, () => {
  test("when the access token expires and no refresh is possible, then the login page says the session expired", async ({
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

    await page.reload();
    await expect(page).toHaveURL(/\/login$/, { timeout: 20_000 });
    await expectLoggedOutBecause(page, "Your session expired");
  });
});

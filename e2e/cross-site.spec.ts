/**
 * SameSite=Strict lets a page on another port of the same host send the refresh cookie:
 * the browser counts it as the same site. The cookie-authenticated routes look at where
 * the request came from, so such a page cannot log the user out.
 */
import { apiPaths } from "@jwt-auth/shared";
import { autoSubmittingForm, serveForeignPage } from "./support/foreign-page";
import { expectProfileOf, logInThroughForm } from "./support/log-in";
import { expect, test } from "./support/test";

test("when a page on another port auto-submits a text/plain form to logout, then it is refused and the user stays logged in", async ({
  page,
  baseURL,
  newUser,
}) => {
  const user = await newUser();
  await logInThroughForm(page, user);
  const foreign = await serveForeignPage(autoSubmittingForm(`${baseURL}${apiPaths.logout}`));
  try {
    const logout = page.waitForResponse((r) => new URL(r.url()).pathname === apiPaths.logout);
    await page.goto(foreign.url);
    const response = await logout;
    expect((await response.request().allHeaders())["cookie"]).toContain("refresh_token=");
    expect(response.status()).toBe(403);
    expect(await response.json()).toMatchObject({ code: "cross_site_request" });
  } finally {
    await foreign.close();
  }

  // The session is intact: the page loads the profile, and the cookie still refreshes.
  await page.goto("/profile");
  await expectProfileOf(page, user);
  const refreshed = await page.request.post(apiPaths.refresh, {
    headers: { Origin: baseURL! },
  });
  expect(refreshed.status()).toBe(200);
});

/**
 * Logs the shared read-only user in once and saves the browser's state (the access token
 * in localStorage, the refresh cookie), so the tests that only need "a logged-in page"
 * start there instead of going through the form each time.
 */
import { apiPaths } from "@jwt-auth/shared";
import { logInThroughForm } from "./support/log-in";
import { storageStatePath } from "./support/run-settings";
import { SIGNED_IN_USER } from "./support/signed-in-user";
import { test as setup, expect } from "./support/test";

setup("log the shared user in through the form", async ({ page, request }) => {
  const registered = await request.post(apiPaths.register, { data: SIGNED_IN_USER });
  // 409: the setup already ran against this server (`--repeat-each`): the account is there.
  expect([201, 409]).toContain(registered.status());

  await logInThroughForm(page, SIGNED_IN_USER);
  await page.context().storageState({ path: storageStatePath() });
});

/**
 * The README's pictures of the login and profile pages. Every run takes them (so they are
 * in the HTML report) but writes them to docs/images only with UPDATE_SCREENSHOTS=1, so a
 * normal run never leaves the working tree changed.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page, TestInfo } from "@playwright/test";
import { expectProfileOf } from "./support/log-in";
import { storageStatePath } from "./support/run-settings";
import { SIGNED_IN_USER } from "./support/signed-in-user";
import { expect, test } from "./support/test";

const imagesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../docs/images");
const update = process.env.UPDATE_SCREENSHOTS === "1";

async function capture(
  page: Page,
  testInfo: TestInfo,
  name: string,
  fullPage = false,
): Promise<void> {
  const png = await page.screenshot({
    animations: "disabled",
    fullPage,
    ...(update ? { path: path.join(imagesDir, name) } : {}),
  });
  await testInfo.attach(name, { body: png, contentType: "image/png" });
}

test.describe("README screenshots", () => {
  test.use({ viewport: { width: 1000, height: 700 } });

  test("when the login page is shown, then it is captured", async ({ page }, testInfo) => {
    await page.goto("/login");
    await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
    await page.getByLabel("Email").fill(SIGNED_IN_USER.email);
    await capture(page, testInfo, "login.png");
  });

  test.describe("logged in", () => {
    test.use({ storageState: storageStatePath() });

    test("when the profile page is shown, then it is captured", async ({ page }, testInfo) => {
      await page.goto("/profile");
      await expectProfileOf(page, SIGNED_IN_USER);
      // The whole page: its forms and session buttons are what the picture is for.
      await capture(page, testInfo, "profile.png", true);
    });
  });
});

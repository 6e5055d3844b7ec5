/**
 * The README's pictures: the login page, the second-factor step, the profile and the
 * security page, each in the light and the dark colour scheme. Every run takes them (so they
 * are in the HTML report) but writes them to docs/images only with UPDATE_SCREENSHOTS=1, so
 * a normal run never leaves the working tree changed.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page, TestInfo } from "@playwright/test";
import { expectProfileOf, submitLoginForm } from "./support/log-in";
import { storageStatePath } from "./support/run-settings";
import { turnOnTotp } from "./support/second-factor";
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
  // No hover state on whatever the pointer last clicked.
  await page.mouse.move(0, 0);
  const png = await page.screenshot({
    animations: "disabled",
    caret: "hide",
    fullPage,
    ...(update ? { path: path.join(imagesDir, name) } : {}),
  });
  await testInfo.attach(name, { body: png, contentType: "image/png" });
}

for (const scheme of ["light", "dark"] as const) {
  test.describe(`README screenshots, ${scheme}`, () => {
    test.use({ viewport: { width: 1000, height: 800 }, colorScheme: scheme });

    test(`when the login page is shown in ${scheme}, then it is captured`, async ({
      page,
    }, testInfo) => {
      await page.goto("/login");
      await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
      // The provider buttons arrive a moment later; the picture should have them.
      await expect(page.getByRole("button", { name: /^Continue with/ })).toBeVisible();
      await page.getByLabel("Email").fill(SIGNED_IN_USER.email);
      await capture(page, testInfo, `login-${scheme}.png`);
    });

    test(`when the second-factor step is shown in ${scheme}, then it is captured`, async ({
      page,
      request,
      newUser,
    }, testInfo) => {
      const user = await newUser({ name: "Katherine Johnson" });
      await turnOnTotp(request, user);
      await page.goto("/login");
      await submitLoginForm(page, user);
      await expect(page.getByLabel("Authentication code")).toBeFocused();
      await capture(page, testInfo, `second-factor-${scheme}.png`);
    });

    test.describe("logged in", () => {
      test.use({ storageState: storageStatePath() });

      test(`when the profile page is shown in ${scheme}, then it is captured`, async ({
        page,
      }, testInfo) => {
        await page.goto("/profile");
        await expectProfileOf(page, SIGNED_IN_USER);
        await capture(page, testInfo, `profile-${scheme}.png`, true);
      });

      test(`when the security page is shown in ${scheme}, then it is captured`, async ({
        page,
      }, testInfo) => {
        await page.goto("/security");
        await expect(page.getByRole("list", { name: "Signed-in devices" })).toBeVisible();
        await expect(
          page.getByRole("button", { name: "Set up an authenticator app" }),
        ).toBeVisible();
        await expect(page.getByText("Loading")).toHaveCount(0);
        await capture(page, testInfo, `security-${scheme}.png`, true);
      });
    });
  });
}

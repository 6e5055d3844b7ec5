/**
 * The re-authentication dialog asks for what the login asks for: with TOTP on, a code (or
 * a backup code), never the password alone; with a passkey, the passkey. These run on the
 * server where a sign-in counts as recent for 2 seconds (REAUTH_MAX_AGE=2s).
 */
import type { Page } from "@playwright/test";
import { expectProfileOf, logInThroughForm, submitLoginForm } from "./support/log-in";
import type { RegisteredUser } from "./support/register-user";
import { axeViolations } from "./support/run-axe";
import { turnOnTotpWithBackupCodes } from "./support/second-factor";
import { expect, test } from "./support/test";
import { totpCode } from "./support/totp";
import { verifyEmailThroughApi } from "./support/verify-email";
import { addVirtualAuthenticator } from "./support/virtual-authenticator";

// axe is injected as a script, which the app's Content-Security-Policy rightly refuses.
test.use({ bypassCSP: true });

/**
 * Waits until a sign-in made before `since` is no longer recent: REAUTH_MAX_AGE is 2 s on
 * this server and `auth_time` counts whole seconds, so 3.5 s after it is safely too old.
 */
async function waitUntilStale(since: number): Promise<void> {
  await expect
    .poll(() => Date.now() - since, { intervals: [250], timeout: 10_000 })
    .toBeGreaterThan(3_500);
}

/** Asks for the data export, the security page's step-up action, and opens the dialog. */
async function startExport(page: Page) {
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export my data" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm it’s you" });
  await expect(dialog).toBeVisible();
  return { dialog, download };
}

/**
 * Adds a passkey on the security page. Adding one needs a recent sign-in too, so on a slow
 * machine the dialog may ask for the password first.
 */
async function addPasskey(page: Page, user: RegisteredUser): Promise<void> {
  await page.goto("/security");
  const section = page.getByRole("region", { name: "Passkeys" });
  await section.getByRole("button", { name: "Add a passkey" }).click();
  await section.getByLabel("Passkey name").fill("Laptop");
  await section.getByRole("button", { name: "Add a passkey" }).click();
  const dialog = page.getByRole("dialog");
  const added = section.getByRole("listitem").filter({ hasText: "Laptop" });
  await expect(added.or(dialog)).toBeVisible();
  if (await dialog.isVisible()) {
    await dialog.getByLabel("Password").fill(user.password);
    await dialog.getByRole("button", { name: "Confirm" }).click();
  }
  await expect(added).toBeVisible();
}

test.describe("step-up with a second factor", { tag: "@short-ttl" }, () => {
  test("when the account has a passkey, then the dialog offers it and the passkey confirms the action", async ({
    page,
    request,
    newUser,
  }) => {
    const user = await verifyEmailThroughApi(request, await newUser());
    await addVirtualAuthenticator(page);
    await logInThroughForm(page, user);
    await addPasskey(page, user);
    await waitUntilStale(Date.now());

    const { dialog, download } = await startExport(page);
    const passkey = dialog.getByRole("button", { name: "Use a passkey" });
    await expect(passkey).toBeVisible();
    // The account has a password too: it is offered, and has the focus.
    await expect(dialog.getByLabel("Password")).toBeFocused();
    expect(await axeViolations(page)).toEqual([]);
    await passkey.click();

    await expect(dialog).toBeHidden();
    expect((await download).suggestedFilename()).toBe("account-export.json");
    await expect(page.getByRole("status").filter({ hasText: "downloaded" })).toBeVisible();
  });

  test("when the account has TOTP on, then the dialog asks for an authentication code, not the password", async ({
    page,
    request,
    newUser,
  }) => {
    const user = await newUser();
    const { secret, backupCodes } = await turnOnTotpWithBackupCodes(request, user);
    await page.goto("/login");
    await submitLoginForm(page, user);
    // The sixth digit sends the code: no button to press.
    await page.getByLabel("Authentication code").fill(totpCode(secret, 1));
    await expectProfileOf(page, user);
    const signedIn = Date.now();
    await page.goto("/security");
    await expect(page.getByRole("heading", { name: "Sessions" })).toBeVisible();
    await waitUntilStale(signedIn);

    const { dialog, download } = await startExport(page);
    const code = dialog.getByLabel("Authentication code");
    await expect(code).toBeVisible();
    await expect(code).toBeFocused();
    await expect(dialog.getByLabel("Password")).toHaveCount(0);
    expect(await axeViolations(page)).toEqual([]);
    // The login spent this step's code: a backup code is the one that is sure to be new.
    await code.fill(backupCodes[0]!);
    await dialog.getByRole("button", { name: "Confirm" }).click();

    await expect(dialog).toBeHidden();
    expect((await download).suggestedFilename()).toBe("account-export.json");
  });
});

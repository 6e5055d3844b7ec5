import { apiPaths } from "@jwt-auth/shared";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { expectProfileOf, logInThroughForm, logOutThroughProfile } from "./support/log-in";
import type { RegisteredUser } from "./support/register-user";
import { runSettings } from "./support/run-settings";
import { verifyEmailThroughApi } from "./support/verify-email";
import { addVirtualAuthenticator } from "./support/virtual-authenticator";

// WebAuthn needs a domain as its relying party ID, never an IP address: these specs use
// the server's APP_URL origin, http://localhost:<port>.
test.use({ baseURL: `http://localhost:${runSettings().port}` });

async function addPasskeyOnSecurityPage(page: Page, user: RegisteredUser, name: string) {
  await logInThroughForm(page, user);
  await page.goto("/security");
  const section = page.getByRole("region", { name: "Passkeys" });
  await expect(section).toContainText("No passkeys yet.");
  await section.getByRole("button", { name: "Add a passkey" }).click();
  await section.getByLabel("Passkey name").fill(name);
  await section.getByRole("button", { name: "Add a passkey" }).click();
  await expect(section.getByRole("listitem")).toContainText(name);
  await expect(section.getByRole("listitem")).toContainText("last used never");
  return section;
}

const passkeyLogin = (page: Page) =>
  page.waitForResponse(
    (response) =>
      new URL(response.url()).pathname === apiPaths.passkeyLogin &&
      response.request().method() === "POST",
  );

test.describe("passkeys", () => {
  test("when a user adds a passkey on the security page, then after logging out the passkey button signs them in", async ({
    page,
    request,
    newUser,
  }) => {
    const user = await verifyEmailThroughApi(request, await newUser());
    await addVirtualAuthenticator(page);
    const section = await addPasskeyOnSecurityPage(page, user, "Work laptop");

    // A browser without passkey autofill (conditional UI): the button is the only way in.
    await page.addInitScript(() => {
      PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);
    });
    await page.goto("/profile");
    await logOutThroughProfile(page);
    const login = passkeyLogin(page);
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    expect((await login).status()).toBe(200);
    await expectProfileOf(page, user);

    await page.goto("/security");
    await expect(section.getByRole("listitem")).toContainText("Work laptop");
    await expect(section.getByRole("listitem")).not.toContainText("last used never");
  });

  test("when a user removes a passkey, then a dialog asks first: Escape keeps it, Remove passkey removes it", async ({
    page,
    newUser,
    request,
  }) => {
    const user = await verifyEmailThroughApi(request, await newUser());
    await addVirtualAuthenticator(page);
    const section = await addPasskeyOnSecurityPage(page, user, "Old phone");

    await section.getByRole("button", { name: "Remove Old phone" }).click();
    const dialog = page.getByRole("dialog", { name: 'Remove the passkey "Old phone"?' });
    await expect(dialog).toHaveAttribute("aria-modal", "true");
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
    await expect(section.getByRole("button", { name: "Remove Old phone" })).toBeFocused();
    await expect(section.getByRole("listitem")).toContainText("Old phone");

    await section.getByRole("button", { name: "Remove Old phone" }).click();
    await dialog.getByRole("button", { name: "Remove passkey" }).click();
    await expect(section).toContainText("No passkeys yet.");
  });

  test("when the user has a passkey, then the login page offers it in the email field's autofill and signs in with it", async ({
    page,
    request,
    newUser,
  }) => {
    const user = await verifyEmailThroughApi(request, await newUser());
    await addVirtualAuthenticator(page);
    await addPasskeyOnSecurityPage(page, user, "Phone");

    await page.goto("/profile");
    const login = passkeyLogin(page);
    // Not logOutThroughProfile: the login page may sign straight back in before its URL is
    // seen. No click on the passkey button: the conditional request of the email field's
    // autofill (autocomplete="username webauthn") is what the authenticator answers.
    await page.getByRole("button", { name: "Log out", exact: true }).click();
    expect((await login).status()).toBe(200);
    await expectProfileOf(page, user);
  });

  test("when the login page opens, then its email field asks for passkey autofill", async ({
    page,
  }) => {
    const options = page.waitForRequest(
      (request) =>
        request.url().endsWith(apiPaths.passkeyLoginOptions) && request.method() === "POST",
    );
    await page.goto("/login");
    await expect(page.getByLabel("Email")).toHaveAttribute("autocomplete", "username webauthn");
    // The conditional ceremony starts on its own: its challenge is fetched without a click.
    await options;
    await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toBeVisible();
  });
});

test.describe("passkeys on an address where they cannot work", () => {
  const { port } = runSettings();
  test.use({ baseURL: `http://127.0.0.1:${port}` });

  test("when the page is opened on 127.0.0.1, then the passkey button says which address to open", async ({
    page,
  }) => {
    await addVirtualAuthenticator(page);
    await page.goto("/login");
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();

    await expect(page.getByRole("alert")).toHaveText(
      `Open http://localhost:${port} to use passkeys.`,
    );
  });

  test("when a user on 127.0.0.1 adds a passkey, then the security page says which address to open", async ({
    page,
    newUser,
    request,
  }) => {
    const user = await verifyEmailThroughApi(request, await newUser());
    await addVirtualAuthenticator(page);
    await logInThroughForm(page, user);
    await page.goto("/security");
    const section = page.getByRole("region", { name: "Passkeys" });
    await section.getByRole("button", { name: "Add a passkey" }).click();
    await section.getByRole("button", { name: "Add a passkey" }).click();

    await expect(section.getByRole("alert")).toContainText(
      `Open http://localhost:${port} to use passkeys.`,
    );
  });
});

import { expect, test } from "./support/test";
import { expectProfileOf, logInThroughForm } from "./support/log-in";
import { runSettings } from "./support/run-settings";
import { addVirtualAuthenticator } from "./support/virtual-authenticator";

// WebAuthn needs a domain as its relying party ID, never an IP address: these specs use
// the server's APP_URL origin, http://localhost:<port>.
test.use({ baseURL: `http://localhost:${runSettings().port}` });

test.describe("passkeys", () => {
  test("when a user adds a passkey on the security page, then after logging out they sign in with it", async ({
    page,
    newUser,
  }) => {
    const user = await newUser();
    await addVirtualAuthenticator(page);
    await logInThroughForm(page, user);

    await page.goto("/security");
    const section = page.getByRole("region", { name: "Passkeys" });
    await expect(section).toContainText("No passkeys yet.");
    await section.getByLabel("Passkey name").fill("Work laptop");
    await section.getByRole("button", { name: "Add a passkey" }).click();
    await expect(section.getByRole("listitem")).toContainText("Work laptop");
    await expect(section.getByRole("listitem")).toContainText("last used never");

    await page.goto("/profile");
    await page.getByRole("button", { name: "Log out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expectProfileOf(page, user);

    await page.goto("/security");
    await expect(section.getByRole("listitem")).not.toContainText("last used never");
  });

  test("when the login page opens, then passkeys are offered in the email field's autofill", async ({
    page,
  }) => {
    const options = page.waitForRequest(
      (request) =>
        request.url().endsWith("/api/auth/passkey/options") && request.method() === "POST",
    );
    await page.goto("/login");
    await expect(page.getByLabel("Email")).toHaveAttribute("autocomplete", "username webauthn");
    // The conditional ceremony starts on its own: its challenge is fetched without a click.
    await options;
    await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toBeVisible();
  });
});

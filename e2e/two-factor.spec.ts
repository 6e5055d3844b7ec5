import { expect, test } from "./support/test";
import {
  expectProfileOf,
  logInThroughForm,
  logOutThroughProfile,
  submitLoginForm,
} from "./support/log-in";
import { turnOnTotp } from "./support/second-factor";
import { totpCode } from "./support/totp";
import { verifyEmailThroughApi } from "./support/verify-email";

test.describe("two-factor authentication with an authenticator app", () => {
  test("when a user turns TOTP on, then logging in asks for a code, and a backup code works on another device", async ({
    page,
    request,
    newUser,
    openContext,
  }) => {
    const user = await verifyEmailThroughApi(request, await newUser());
    await logInThroughForm(page, user);

    await page.goto("/security");
    const section = page.getByRole("region", { name: "Two-factor authentication" });
    await section.getByRole("button", { name: "Set up an authenticator app" }).click();
    await expect(
      section.getByRole("img", { name: "QR code for your authenticator app" }),
    ).toBeVisible();
    const secret = ((await section.getByLabel("Secret key").textContent()) ?? "").replace(
      /\s/g,
      "",
    );
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    await section.getByLabel("Authentication code").fill(totpCode(secret));
    await section.getByRole("button", { name: "Turn on" }).click();

    const codes = section.getByRole("list", { name: "Your backup codes" }).getByRole("listitem");
    await expect(codes).toHaveCount(10);
    const backupCode = (await codes.first().textContent()) ?? "";
    await section.getByRole("button", { name: "I have saved them" }).click();
    await expect(section).toContainText("Backup codes left: 10");

    await page.goto("/profile");
    await logOutThroughProfile(page);
    await submitLoginForm(page, user);
    await expect(page.getByRole("heading", { name: "Two-factor authentication" })).toBeVisible();
    const code = page.getByLabel("Authentication code");
    await expect(code).toHaveAttribute("autocomplete", "one-time-code");
    await expect(code).toHaveAttribute("inputmode", "numeric");
    // The sixth digit sends the code: no button to press.
    await code.fill(totpCode(secret, 1));
    await expectProfileOf(page, user);

    const other = await (await openContext()).newPage();
    await other.goto("/login");
    await submitLoginForm(other, user);
    // The field keeps its one name in both modes; what it asks for is in its description.
    const field = other.getByRole("textbox", { name: "Authentication code", exact: true });
    await other.getByRole("button", { name: "Use a backup code" }).click();
    await expect(field).toHaveAccessibleName("Authentication code");
    await expect(field).toHaveAccessibleDescription(
      "Enter one of your backup codes. Each works once.",
    );
    await other.getByRole("button", { name: "Use your authenticator app" }).click();
    await expect(field).toHaveAccessibleName("Authentication code");
    await expect(field).toHaveAccessibleDescription(
      "Enter the 6-digit code from your authenticator app.",
    );
    await other.getByRole("button", { name: "Use a backup code" }).click();
    await other.getByLabel("Authentication code").fill(backupCode);
    await other.getByRole("button", { name: "Verify" }).click();
    await expectProfileOf(other, user);
  });

  test("when the code is wrong, then the second step says so and lets the user try again", async ({
    page,
    request,
    newUser,
  }) => {
    const user = await verifyEmailThroughApi(request, await newUser());
    await logInThroughForm(page, user);
    await page.goto("/security");
    const section = page.getByRole("region", { name: "Two-factor authentication" });
    await section.getByRole("button", { name: "Set up an authenticator app" }).click();
    const secret = ((await section.getByLabel("Secret key").textContent()) ?? "").replace(
      /\s/g,
      "",
    );
    await section.getByLabel("Authentication code").fill(totpCode(secret));
    await section.getByRole("button", { name: "Turn on" }).click();
    await expect(section.getByRole("list", { name: "Your backup codes" })).toBeVisible();

    await page.goto("/profile");
    await logOutThroughProfile(page);
    await submitLoginForm(page, user);
    const wrong = totpCode(secret, 1) === "000000" ? "111111" : "000000";
    await page.getByLabel("Authentication code").fill(wrong);
    await expect(page.getByRole("alert")).toContainText("That code is not right");
    await page.getByLabel("Authentication code").fill(totpCode(secret, 1));
    await expectProfileOf(page, user);
  });

  test("when a user starts the setup, then the key shows in groups of four with a copy button, and Cancel leaves TOTP off", async ({
    page,
    context,
    newUser,
    request,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const user = await verifyEmailThroughApi(request, await newUser());
    await logInThroughForm(page, user);
    await page.goto("/security");
    const section = page.getByRole("region", { name: "Two-factor authentication" });
    await section.getByRole("button", { name: "Set up an authenticator app" }).click();

    await expect(
      section.getByRole("img", { name: "QR code for your authenticator app" }),
    ).toBeVisible();
    const shown = (await section.getByLabel("Secret key").textContent()) ?? "";
    expect(shown).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    await section.getByRole("button", { name: "Copy key" }).click();
    await expect(section.getByRole("status")).toHaveText("Key copied.");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown.replace(/ /g, ""));

    await section.getByRole("button", { name: "Cancel" }).click();
    await expect(section.getByLabel("Secret key")).toHaveCount(0);
    await expect(
      section.getByRole("button", { name: "Set up an authenticator app" }),
    ).toBeVisible();
    await expect(section).toContainText("Off");
  });
});

test("when a user turns two-factor off, then a dialog asks first, and Cancel leaves it on", async ({
  page,
  request,
  newUser,
}) => {
  const user = await newUser();
  const secret = await turnOnTotp(request, user);
  await page.goto("/login");
  await submitLoginForm(page, user);
  await page.getByLabel("Authentication code").fill(totpCode(secret, 1));
  await expectProfileOf(page, user);
  await page.goto("/security");
  const section = page.getByRole("region", { name: "Two-factor authentication" });
  await expect(section).toContainText("On");

  await section.getByRole("button", { name: "Turn off two-factor authentication" }).click();
  const dialog = page.getByRole("dialog", { name: "Turn off two-factor authentication?" });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(section).toContainText("On");

  await section.getByRole("button", { name: "Turn off two-factor authentication" }).click();
  await dialog.getByRole("button", { name: "Turn off" }).click();
  await expect(section.getByRole("button", { name: "Set up an authenticator app" })).toBeVisible();
});

test("when the email is not verified yet, then setting up TOTP says to verify it first and resends the link", async ({
  page,
  newUser,
}) => {
  const user = await newUser();
  await logInThroughForm(page, user);
  await page.goto("/security");
  const section = page.getByRole("region", { name: "Two-factor authentication" });
  await section.getByRole("button", { name: "Set up an authenticator app" }).click();

  const alert = section.getByRole("alert");
  await expect(alert).toContainText("Verify your email address first");
  await expect(alert).toBeFocused();
  await alert.getByRole("button", { name: "Resend the verification link" }).click();
  await expect(alert).toContainText("A new link is on its way.");
  await expect(
    section.getByRole("img", { name: "QR code for your authenticator app" }),
  ).toHaveCount(0);
});

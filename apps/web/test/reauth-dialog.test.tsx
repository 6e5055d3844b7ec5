import { apiPaths } from "@jwt-auth/shared";
import { act, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { currentReauthRequest, requestReauthentication } from "../src/lib/reauth/reauth-prompt";
import { getToken, setToken } from "../src/lib/token-storage";
import { ada, authResponse, makeJwt, problem, type StubReply } from "./helpers";
import { renderApp } from "./render-app";

// A request left open would keep its dialog (and the page's aria-hidden) for the next test.
afterEach(() => currentReauthRequest()?.cancel());

const passkey = { id: "pk-1", name: "Laptop", createdAt: ada.createdAt, lastUsedAt: null };

/** The profile page with these answers; the dialog opened as a fresh-only call would. */
async function openDialog(replies: Record<string, () => StubReply>) {
  const view = renderApp("/profile", (route) => {
    const reply = replies[route];
    if (reply) return reply();
    if (route === `GET ${apiPaths.profile}`) return { status: 200, data: ada };
    return { status: 404 };
  });
  await screen.findByRole("heading", { name: "Your profile" });
  let outcome: Promise<"confirmed" | "cancelled"> = Promise.resolve("cancelled");
  act(() => {
    outcome = requestReauthentication().then(
      () => "confirmed" as const,
      () => "cancelled" as const,
    );
  });
  const dialog = await screen.findByRole("dialog", { name: "Confirm it’s you" });
  return { ...view, dialog, outcome: () => outcome };
}

const mfa =
  (totpEnabled: boolean, passkeys: unknown[] = []) =>
  () => ({
    status: 200,
    data: { totpEnabled, backupCodesRemaining: totpEnabled ? 10 : 0, passkeys },
  });

describe("the re-authentication dialog offers what the account has", () => {
  it("when TOTP is on and the account has a passkey, then it offers the code and the passkey, not the password", async () => {
    setToken(makeJwt({ amr: ["pwd", "mfa", "otp"] }));
    const { dialog } = await openDialog({ [`GET ${apiPaths.mfa}`]: mfa(true, [passkey]) });
    expect(await within(dialog).findByRole("button", { name: "Use a passkey" })).toBeVisible();
    expect(within(dialog).getByLabelText("Authentication code")).toHaveFocus();
    expect(within(dialog).queryByLabelText("Password")).toBeNull();
    expect(dialog).toHaveAccessibleDescription(/code from your authenticator app/);
  });

  it("when the password answers mfa_required, then the dialog asks for a code and sends it", async () => {
    setToken(makeJwt({ amr: ["pwd"] }));
    const renewed = makeJwt({ name: "renewed" });
    let attempts = 0;
    const { user, dialog, adapter, outcome } = await openDialog({
      [`POST ${apiPaths.reauthenticate}`]: () =>
        ++attempts === 1
          ? problem(401, "mfa_required")
          : { status: 200, data: authResponse(renewed) },
    });
    await user.type(within(dialog).getByLabelText("Password"), "my password");
    await user.click(within(dialog).getByRole("button", { name: "Confirm" }));

    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "two-factor authentication on",
    );
    expect(within(dialog).queryByLabelText("Password")).toBeNull();
    await user.type(within(dialog).getByLabelText("Authentication code"), "123456");
    await user.click(within(dialog).getByRole("button", { name: "Confirm" }));

    expect(await outcome()).toBe("confirmed");
    expect(getToken()).toBe(renewed);
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(
      adapter.calls.filter((c) => c.route === `POST ${apiPaths.reauthenticate}`).map((c) => c.body),
    ).toEqual([{ password: "my password" }, { code: "123456" }]);
  });

  it("when the account signs in only through a provider, then it offers Continue with the provider and no password", async () => {
    setToken(makeJwt({ amr: ["fed"] }));
    const { dialog } = await openDialog({
      [`GET ${apiPaths.profile}`]: () => ({ status: 200, data: { ...ada, hasPassword: false } }),
      [`GET ${apiPaths.mfa}`]: mfa(false),
      [`GET ${apiPaths.identities}`]: () => ({
        status: 200,
        data: {
          identities: [{ id: "i-1", provider: "acme", email: ada.email, linkedAt: ada.createdAt }],
        },
      }),
      [`GET ${apiPaths.providers}`]: () => ({
        status: 200,
        data: {
          providers: [
            { id: "acme", name: "Acme ID" },
            { id: "other", name: "Other" },
          ],
        },
      }),
    });
    const button = await within(dialog).findByRole("button", { name: "Continue with Acme ID" });
    expect(button).toHaveFocus();
    expect(within(dialog).queryByRole("button", { name: "Continue with Other" })).toBeNull();
    expect(within(dialog).queryByLabelText("Password")).toBeNull();
    expect(within(dialog).queryByRole("button", { name: "Confirm" })).toBeNull();
  });

  it("when the profile says the account has a password, then the password is offered even after a provider login", async () => {
    setToken(makeJwt({ amr: ["fed"] }));
    const { dialog } = await openDialog({
      [`GET ${apiPaths.profile}`]: () => ({ status: 200, data: { ...ada, hasPassword: true } }),
      [`GET ${apiPaths.mfa}`]: mfa(false),
    });
    expect(await within(dialog).findByLabelText("Password")).toBeVisible();
  });
});

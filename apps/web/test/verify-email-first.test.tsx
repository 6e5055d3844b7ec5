import { apiPaths } from "@jwt-auth/shared";
import { screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { setToken } from "../src/lib/token-storage";
import { makeJwt, problem, type StubReply } from "./helpers";
import { renderApp } from "./render-app";

function api(replies: Record<string, StubReply>) {
  return (route: string): StubReply => {
    const reply = replies[route];
    if (reply) return reply;
    if (route === `GET ${apiPaths.mfa}`)
      return { status: 200, data: { totpEnabled: false, backupCodesRemaining: 0, passkeys: [] } };
    if (route === `GET ${apiPaths.passkeys}`) return { status: 200, data: { passkeys: [] } };
    if (route === `GET ${apiPaths.sessions}`) return { status: 200, data: { sessions: [] } };
    if (route === `GET ${apiPaths.activity}`)
      return { status: 200, data: { events: [], next: null } };
    if (route === `GET ${apiPaths.identities}`) return { status: 200, data: { identities: [] } };
    return { status: 204 };
  };
}

describe("the security page before the email is verified", () => {
  beforeEach(() => setToken(makeJwt({ email_verified: false })));

  it("when TOTP setup answers email_not_verified, then the section says to verify first and can resend the link", async () => {
    const { user, adapter } = renderApp(
      "/security",
      api({ [`POST ${apiPaths.totpSetup}`]: problem(403, "email_not_verified") }),
    );
    const section = await screen.findByRole("region", { name: "Two-factor authentication" });
    await user.click(
      await within(section).findByRole("button", { name: "Set up an authenticator app" }),
    );
    const alert = await within(section).findByRole("alert");
    expect(alert).toHaveTextContent("Verify your email address first");
    expect(alert).toHaveFocus();

    await user.click(within(alert).getByRole("button", { name: "Resend the verification link" }));
    expect(await within(alert).findByText("A new link is on its way.")).toBeVisible();
    expect(adapter.calls.map((c) => c.route)).toContain(`POST ${apiPaths.verifyEmailResend}`);
  });

  it("when adding a passkey answers email_not_verified, then the form says to verify first", async () => {
    const { user } = renderApp(
      "/security",
      api({ [`POST ${apiPaths.passkeyOptions}`]: problem(403, "email_not_verified") }),
    );
    const section = await screen.findByRole("region", { name: "Passkeys" });
    await user.click(within(section).getByRole("button", { name: "Add a passkey" }));
    await user.click(within(section).getByRole("button", { name: "Add a passkey" }));
    expect(await within(section).findByRole("alert")).toHaveTextContent(
      "Verify your email address first",
    );
  });
});

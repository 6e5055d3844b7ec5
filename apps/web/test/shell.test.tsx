import { apiPaths } from "@jwt-auth/shared";
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { getToken, setToken } from "../src/lib/token-storage";
import { ada, makeJwt, problem } from "./helpers";
import { renderApp } from "./render-app";

const profileApi = (route: string) =>
  route === `GET ${apiPaths.profile}` ? { status: 200, data: ada } : { status: 204 };

describe("the header's account menu", () => {
  it("when logged out, then the header has the product's name and no account menu", async () => {
    renderApp("/login", profileApi);
    const header = screen.getByRole("banner");
    expect(header).toHaveTextContent("JWT Auth");
    // One name everywhere: the header, the page's title and the mail (the API's appName).
    await waitFor(() => expect(document.title).toBe("Log in · JWT Auth"));
    expect(within(header).queryByRole("button")).not.toBeInTheDocument();
    expect(within(header).queryByRole("link")).not.toBeInTheDocument();
  });

  it("when closed, then its items are not on the page, and the profile has exactly one Log out", async () => {
    setToken(makeJwt({ name: "Ada Lovelace" }));
    renderApp("/profile", profileApi);
    await screen.findByText(ada.email);
    const trigger = within(screen.getByRole("banner")).getByRole("button", { name: "Account" });
    expect(trigger).toHaveAttribute("aria-expanded", "false");
    expect(screen.getAllByRole("button", { name: "Log out" })).toHaveLength(1);
    expect(screen.queryByRole("link", { name: "Profile" })).not.toBeInTheDocument();
  });

  it("when opened, then it offers Profile, Security and Log out; Escape closes it and gives the focus back", async () => {
    setToken(makeJwt({ name: "Ada Lovelace" }));
    const { user } = renderApp("/profile", profileApi);
    await screen.findByText(ada.email);
    const trigger = within(screen.getByRole("banner")).getByRole("button", { name: "Account" });

    await user.click(trigger);
    expect(trigger).toHaveAttribute("aria-expanded", "true");
    const banner = within(screen.getByRole("banner"));
    expect(banner.getByRole("link", { name: "Profile" })).toHaveAttribute("aria-current", "page");
    expect(banner.getByRole("link", { name: "Security" })).toBeInTheDocument();
    expect(banner.getByText("Ada Lovelace")).toBeInTheDocument();

    await user.keyboard("{Escape}");
    expect(trigger).toHaveAttribute("aria-expanded", "false");
    expect(trigger).toHaveFocus();
    expect(banner.queryByRole("link", { name: "Profile" })).not.toBeInTheDocument();
  });

  it("when Log out is chosen in the menu, then the session ends and the login page shows", async () => {
    setToken(makeJwt({ name: "Ada Lovelace" }));
    const { user, adapter } = renderApp("/profile", profileApi);
    await screen.findByText(ada.email);
    const banner = within(screen.getByRole("banner"));
    await user.click(banner.getByRole("button", { name: "Account" }));
    await user.click(banner.getByRole("button", { name: "Log out" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Log in" })).toBeInTheDocument();
    expect(getToken()).toBeNull();
    expect(adapter.calls.map((call) => call.route)).toContain(`POST ${apiPaths.logout}`);
  });
});

describe("not-found page", () => {
  it("when logged out, then it offers to log in or register, not the profile", () => {
    renderApp("/no-such-page", profileApi);
    expect(screen.getByRole("link", { name: "Log in" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Create an account" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Go to your profile" })).not.toBeInTheDocument();
  });

  it("when logged in, then it offers the profile", () => {
    setToken(makeJwt());
    renderApp("/no-such-page", profileApi);
    expect(screen.getByRole("link", { name: "Go to your profile" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Log in" })).not.toBeInTheDocument();
  });
});

describe("re-authentication with a second factor", () => {
  it("when the account has an authenticator app, then the dialog takes a code, sent as { code }, and not the password", async () => {
    setToken(makeJwt({ email_verified: true }));
    let fresh = false;
    const { user, adapter } = renderApp("/profile", (route) => {
      if (route === `GET ${apiPaths.profile}`) return { status: 200, data: ada };
      if (route === `GET ${apiPaths.mfa}`)
        return { status: 200, data: { totpEnabled: true, backupCodesRemaining: 10, passkeys: 0 } };
      if (route === `POST ${apiPaths.reauthenticate}`) {
        fresh = true;
        return { status: 200, data: { accessToken: makeJwt({ email_verified: true }) } };
      }
      if (route === `POST ${apiPaths.changeEmail}`)
        return fresh ? { status: 202 } : problem(401, "reauthentication_required");
      return { status: 404 };
    });
    await user.click(await screen.findByRole("button", { name: "Change email" }));
    await user.type(await screen.findByLabelText("New email"), "new@example.com");
    await user.click(screen.getByRole("button", { name: "Change email" }));

    const dialog = await screen.findByRole("dialog");
    await user.type(await within(dialog).findByLabelText("Authentication code"), "123456");
    expect(within(dialog).queryByLabelText("Password")).toBeNull();
    expect(within(dialog).queryByRole("button", { name: "Use your password instead" })).toBeNull();
    await user.click(within(dialog).getByRole("button", { name: "Confirm" }));

    expect(
      await screen.findByText("We sent a confirmation link to new@example.com", { exact: false }),
    ).toBeInTheDocument();
    expect(
      adapter.calls.find((call) => call.route === `POST ${apiPaths.reauthenticate}`)!.body,
    ).toEqual({ code: "123456" });
  });
});

import { apiPaths, type ActivityPage, type SessionSummary } from "@jwt-auth/shared";
import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { forgetSignOutNotice } from "../src/lib/sign-out-notice";
import { getToken, setToken } from "../src/lib/token-storage";
import { makeJwt, problem, type Handler, type StubReply } from "./helpers";
import { renderApp } from "./render-app";

const TOKEN = makeJwt();
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const here: SessionSummary = {
  id: "s-here",
  current: true,
  createdAt: minutesAgo(30),
  lastUsedAt: minutesAgo(0),
  expiresAt: minutesAgo(-7 * 24 * 60),
  ip: "192.0.2.1",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
  browser: "Firefox 128",
  os: "Linux",
  signInMethod: "password",
};
const phone: SessionSummary = {
  ...here,
  id: "s-phone",
  current: false,
  ip: "198.51.100.7",
  browser: "Mobile Safari 17",
  os: "iOS 17.4",
  signInMethod: "passkey",
};

const activity: ActivityPage = {
  events: [
    {
      id: "e1",
      type: "login_succeeded",
      at: minutesAgo(2),
      ip: "192.0.2.1",
      userAgent: here.userAgent,
      browser: "Firefox 128",
      os: "Linux",
    },
  ],
  next: null,
};

function securityApi(overrides: Record<string, () => StubReply> = {}): Handler {
  let sessions = [here, phone];
  return (route) => {
    const override = overrides[route];
    if (override) return override();
    if (route === `GET ${apiPaths.sessions}`) return { status: 200, data: { sessions } };
    if (route === `GET ${apiPaths.activity}`) return { status: 200, data: activity };
    if (route === `DELETE ${apiPaths.session.replace("{id}", phone.id)}`) {
      sessions = sessions.filter((s) => s.id !== phone.id);
      return { status: 204 };
    }
    return { status: 204 };
  };
}

beforeEach(() => forgetSignOutNotice());

describe("security page", () => {
  beforeEach(() => setToken(TOKEN));

  it("lists the sessions with this device marked and a Revoke button on every other row only", async () => {
    renderApp("/security", securityApi());
    const current = await screen.findByRole("listitem", {
      name: "Firefox 128 on Linux, this device",
    });
    const other = screen.getByRole("listitem", { name: "Mobile Safari 17 on iOS 17.4" });
    expect(within(current).queryByRole("button", { name: "Revoke" })).toBeNull();
    expect(within(other).getByRole("button", { name: "Revoke" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Sessions" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Activity" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Delete account" })).toBeInTheDocument();
  });

  it("has a contents navigation to its sections, and each session row says how and from where it signed in", async () => {
    renderApp("/security", securityApi());
    const nav = screen.getByRole("navigation", { name: "On this page" });
    expect(
      within(nav)
        .getAllByRole("link")
        .map((link) => link.textContent),
    ).toEqual(["Sessions", "Sign-in methods", "Activity", "Your data", "password"]);
    const phoneRow = await screen.findByRole("listitem", { name: "Mobile Safari 17 on iOS 17.4" });
    expect(phoneRow).toHaveTextContent("Signed in with a passkey");
    expect(phoneRow).toHaveTextContent("198.51.100.7");
    for (const link of within(nav).getAllByRole("link").slice(0, 4)) {
      const heading = document.getElementById(link.getAttribute("href")!.slice(1));
      expect(heading?.tagName).toBe("H2");
    }
    expect(
      screen.getByRole("listitem", { name: "Firefox 128 on Linux, this device" }),
    ).toHaveTextContent("Signed in with a password");
  });

  it("when Revoke is pressed, then that session is deleted through the API and leaves the list", async () => {
    const { user, adapter } = renderApp("/security", securityApi());
    const other = await screen.findByRole("listitem", { name: "Mobile Safari 17 on iOS 17.4" });
    await user.click(within(other).getByRole("button", { name: "Revoke" }));
    expect(adapter.calls.map((c) => c.route)).not.toContain(
      `DELETE /api/user/sessions/${phone.id}`,
    );
    const dialog = screen.getByRole("dialog", { name: "Revoke this session?" });
    await user.click(within(dialog).getByRole("button", { name: "Revoke" }));
    expect(await screen.findByText("That session has been ended.")).toBeInTheDocument();
    // The list is loaded again after the change; the revoked row leaves with that answer.
    await waitFor(() =>
      expect(screen.queryByRole("listitem", { name: "Mobile Safari 17 on iOS 17.4" })).toBeNull(),
    );
    expect(adapter.calls.map((c) => c.route)).toContain(`DELETE /api/user/sessions/${phone.id}`);
  });

  it("when the confirm dialog is open, then the focus starts on Cancel, Tab stays inside, and Escape closes it without revoking", async () => {
    const { user, adapter } = renderApp("/security", securityApi());
    const other = await screen.findByRole("listitem", { name: "Mobile Safari 17 on iOS 17.4" });
    const revoke = within(other).getByRole("button", { name: "Revoke" });
    await user.click(revoke);

    const dialog = screen.getByRole("dialog", { name: "Revoke this session?" });
    expect(dialog).toHaveAttribute("aria-modal", "true");
    expect(dialog).toHaveAccessibleDescription(expect.stringContaining("Mobile Safari 17"));
    const cancel = within(dialog).getByRole("button", { name: "Cancel" });
    expect(cancel).toHaveFocus();
    await user.tab();
    expect(within(dialog).getByRole("button", { name: "Revoke" })).toHaveFocus();
    await user.tab({ shift: true });
    expect(cancel).toHaveFocus();

    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    await waitFor(() => expect(revoke).toHaveFocus());
    expect(adapter.calls.map((c) => c.route)).not.toContain(
      `DELETE /api/user/sessions/${phone.id}`,
    );
  });

  it("shows the activity as readable sentences with how long ago", async () => {
    renderApp("/security", securityApi());
    const timeline = await screen.findByRole("list", { name: "Account activity" });
    expect(await within(timeline).findByRole("listitem")).toHaveTextContent(
      "Signed in from Firefox 128 on Linux, 2 minutes ago",
    );
  });

  it("when a fresh call answers reauthentication_required, then the dialog asks for the password and the call is retried once", async () => {
    const fresh = makeJwt({ name: "fresh" });
    let exports = 0;
    const { user, adapter } = renderApp(
      "/security",
      securityApi({
        [`GET ${apiPaths.exportData}`]: () => {
          exports += 1;
          return exports === 1
            ? problem(401, "reauthentication_required")
            : { status: 200, data: { exportedAt: minutesAgo(0) } };
        },
        [`POST ${apiPaths.reauthenticate}`]: () => ({
          status: 200,
          data: { accessToken: fresh, tokenType: "Bearer", expiresIn: 900, user: {} },
        }),
      }),
    );
    URL.createObjectURL = () => "blob:export";
    URL.revokeObjectURL = () => undefined;
    await user.click(await screen.findByRole("button", { name: "Export my data" }));
    const dialog = await screen.findByRole("dialog");
    await user.type(within(dialog).getByLabelText("Password"), "correct horse battery");
    await user.click(within(dialog).getByRole("button", { name: "Confirm" }));

    expect(await screen.findByText("Your data has been downloaded.")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(getToken()).toBe(fresh);
    const routes = adapter.calls.map((c) => c.route);
    expect(routes.filter((r) => r === `GET ${apiPaths.exportData}`)).toHaveLength(2);
    expect(adapter.calls.find((c) => c.route === `POST ${apiPaths.reauthenticate}`)?.body).toEqual({
      password: "correct horse battery",
    });
  });

  it("when the re-authentication dialog is cancelled, then the call fails and nothing is retried", async () => {
    const { user, adapter } = renderApp(
      "/security",
      securityApi({
        [`GET ${apiPaths.exportData}`]: () => problem(401, "reauthentication_required"),
      }),
    );
    await user.click(await screen.findByRole("button", { name: "Export my data" }));
    const dialog = await screen.findByRole("dialog");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(await screen.findByRole("alert")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).toBeNull();
    const routes = adapter.calls.map((c) => c.route);
    expect(routes.filter((r) => r === `GET ${apiPaths.exportData}`)).toHaveLength(1);
    expect(getToken()).toBe(TOKEN);
  });

  it("when the account is deleted after the confirmation, then the user lands on the login page with a notice", async () => {
    const { user, adapter } = renderApp("/security", securityApi());
    await user.click(await screen.findByRole("button", { name: "Delete my account" }));
    expect(screen.getByText(/cannot be undone/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Delete my account permanently" }));
    expect(await screen.findByRole("heading", { name: "Log in" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Your account has been deleted.");
    expect(getToken()).toBeNull();
    expect(adapter.calls.map((c) => c.route)).toContain(`DELETE ${apiPaths.account}`);
  });
});

describe("a session ended elsewhere", () => {
  it("when the next call answers token_revoked, then the login page says the session was ended", async () => {
    setToken(TOKEN);
    renderApp("/security", () => problem(401, "token_revoked"));
    expect(await screen.findByRole("heading", { name: "Log in" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Your session was ended");
  });
});

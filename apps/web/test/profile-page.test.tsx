import { apiPaths, type UserProfile } from "@jwt-auth/shared";
import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { getToken, setToken } from "../src/lib/token-storage";
import { ada, makeJwt, problem, type Handler, type StubReply } from "./helpers";
import { renderApp } from "./render-app";

const TOKEN = makeJwt();

function profileApi(overrides: Record<string, (body: unknown) => StubReply> = {}): Handler {
  return (route, config) => {
    const override = overrides[route];
    if (override)
      return override(typeof config.data === "string" ? JSON.parse(config.data) : undefined);
    if (route === `GET ${apiPaths.profile}`) return { status: 200, data: ada };
    return { status: 204 };
  };
}

async function openProfile(handler: Handler = profileApi()) {
  const view = renderApp("/profile", handler);
  await screen.findByText(ada.email);
  return view;
}

describe("profile page", () => {
  beforeEach(() => setToken(TOKEN));

  it("shows the user's name, email and when they joined", async () => {
    await openProfile();
    expect(screen.getByRole("heading", { level: 1, name: "Your profile" })).toBeInTheDocument();
    expect(screen.getByText(ada.name)).toBeInTheDocument();
    const joined = screen.getByText(/2024/);
    expect(joined).toHaveAttribute("datetime", ada.createdAt);
  });

  it("when the name is edited, then it is saved with PATCH and shown, with a status message", async () => {
    const renamed: UserProfile = { ...ada, name: "Augusta Ada King" };
    const { user, adapter } = await openProfile(
      profileApi({ [`PATCH ${apiPaths.profile}`]: () => ({ status: 200, data: renamed }) }),
    );
    await user.click(screen.getByRole("button", { name: "Edit name" }));
    const name = screen.getByLabelText("Name");
    await user.clear(name);
    await user.type(name, "  Augusta Ada King ");
    await user.click(screen.getByRole("button", { name: "Save name" }));

    expect(await screen.findByRole("status")).toHaveTextContent("Your name has been saved.");
    expect(screen.getByText("Augusta Ada King", { selector: "dd span" })).toBeInTheDocument();
    expect(adapter.calls.at(-1)).toMatchObject({
      body: { name: "Augusta Ada King" },
      authorization: `Bearer ${TOKEN}`,
    });
  });

  it("when an empty name is submitted, then the shared schema's message is shown and nothing is sent", async () => {
    const { user, adapter } = await openProfile();
    await user.click(screen.getByRole("button", { name: "Edit name" }));
    await user.clear(screen.getByLabelText("Name"));
    await user.click(screen.getByRole("button", { name: "Save name" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Name is required");
    expect(adapter.calls).toHaveLength(1);
  });

  it("when the password is changed, then a status message confirms it and the user stays logged in", async () => {
    const { user, adapter } = await openProfile();
    await user.click(screen.getByRole("button", { name: "Change password" }));
    await user.type(screen.getByLabelText("Current password"), "old password");
    await user.type(screen.getByLabelText("New password"), "a much longer new password");
    await user.click(screen.getByRole("button", { name: "Change password" }));

    expect(await screen.findByRole("status")).toHaveTextContent("Your password has been changed.");
    expect(adapter.calls.at(-1)).toMatchObject({
      route: `POST ${apiPaths.password}`,
      body: { currentPassword: "old password", newPassword: "a much longer new password" },
    });
    expect(getToken()).toBe(TOKEN);
    // The form closes, and the focus goes back to the button that opened it.
    expect(screen.queryByLabelText("Current password")).not.toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole("button", { name: "Change password" })).toHaveFocus(),
    );
  });

  it("when the account has no password (created through a provider), then it offers Set a password with no current password, and says when it is set", async () => {
    const noPassword: UserProfile = { ...ada, hasPassword: false };
    const { user, adapter } = await openProfile(
      profileApi({ [`GET ${apiPaths.profile}`]: () => ({ status: 200, data: noPassword }) }),
    );
    expect(screen.queryByRole("button", { name: "Change password" })).not.toBeInTheDocument();
    expect(screen.queryByText("••••••••••")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Set a password" }));
    expect(screen.queryByLabelText("Current password")).not.toBeInTheDocument();
    await user.type(screen.getByLabelText("New password"), "a much longer new password");
    await user.click(screen.getByRole("button", { name: "Set password" }));

    expect(await screen.findByRole("status")).toHaveTextContent("Your password has been set.");
    expect(adapter.calls.find((call) => call.route === `POST ${apiPaths.password}`)).toMatchObject({
      body: { newPassword: "a much longer new password" },
    });
    // From now on it is a password like any other.
    expect(screen.getByRole("button", { name: "Change password" })).toBeInTheDocument();
  });

  it("when the current password is wrong, then the alert says so and the session stays", async () => {
    const { user } = await openProfile(
      profileApi({ [`POST ${apiPaths.password}`]: () => problem(401, "invalid_credentials") }),
    );
    await user.click(screen.getByRole("button", { name: "Change password" }));
    await user.type(screen.getByLabelText("Current password"), "not it");
    await user.type(screen.getByLabelText("New password"), "a much longer new password");
    await user.click(screen.getByRole("button", { name: "Change password" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Current password is incorrect.");
    expect(getToken()).toBe(TOKEN);
  });

  it("when the new password is too short, then the shared schema's rule is shown", async () => {
    const { user } = await openProfile();
    await user.click(screen.getByRole("button", { name: "Change password" }));
    await user.type(screen.getByLabelText("Current password"), "old password");
    await user.type(screen.getByLabelText("New password"), "short");
    await user.click(screen.getByRole("button", { name: "Change password" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Password must be at least 8 characters",
    );
  });

  it("when Log out is pressed, then the server is told, the token cleared and the login page shown, even if the server fails", async () => {
    const { user, adapter } = await openProfile(
      profileApi({ [`POST ${apiPaths.logout}`]: () => ({ status: 500 }) }),
    );
    await user.click(screen.getByRole("button", { name: "Log out" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Log in" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("You have logged out.");
    expect(getToken()).toBeNull();
    expect(adapter.calls.map((call) => call.route)).toContain(`POST ${apiPaths.logout}`);
  });

  it("when Log out of all devices is pressed, then logout-all is called with the bearer token and the login page shown", async () => {
    const { user, adapter } = await openProfile();
    await user.click(screen.getByRole("button", { name: "Log out of all devices" }));
    await user.click(
      within(screen.getByRole("dialog", { name: "Log out of all devices?" })).getByRole("button", {
        name: "Log out of all devices",
      }),
    );

    expect(await screen.findByRole("heading", { level: 1, name: "Log in" })).toBeInTheDocument();
    expect(getToken()).toBeNull();
    expect(adapter.calls.at(-1)).toEqual({
      route: `POST ${apiPaths.logoutAll}`,
      authorization: `Bearer ${TOKEN}`,
      body: undefined,
    });
  });

  it("when logging out of all devices fails, then the user is told and stays logged in to retry", async () => {
    const { user } = await openProfile(
      profileApi({ [`POST ${apiPaths.logoutAll}`]: () => ({ status: 503 }) }),
    );
    await user.click(screen.getByRole("button", { name: "Log out of all devices" }));
    await user.click(
      within(screen.getByRole("dialog", { name: "Log out of all devices?" })).getByRole("button", {
        name: "Log out of all devices",
      }),
    );

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("You have not been logged out of your other devices.");
    expect(alert).toHaveFocus();
    expect(getToken()).toBe(TOKEN);
    expect(screen.getByRole("button", { name: "Log out of all devices" })).toBeEnabled();
  });

  it("when the profile cannot be loaded, then an alert offers to try again", async () => {
    let fail = true;
    const { user } = renderApp("/profile", (route) =>
      route === `GET ${apiPaths.profile}` && fail ? { status: 503 } : { status: 200, data: ada },
    );
    const alert = await screen.findByRole("alert");
    fail = false;
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByText(ada.email)).toBeInTheDocument();
  });
});

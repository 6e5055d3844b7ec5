import { apiPaths } from "@jwt-auth/shared";
import { screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getToken, setToken } from "../src/lib/token-storage";
import { ada, authResponse, makeJwt, problem } from "./helpers";
import { renderApp } from "./render-app";

// The login page lists providers with the browser's fetch (no axios on its first load).
beforeEach(() => {
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string) =>
      url === apiPaths.providers
        ? new Response(JSON.stringify({ providers: [{ id: "acme", name: "Acme ID" }] }), {
            headers: { "content-type": "application/json" },
          })
        : new Response("", { status: 404 }),
    ),
  );
});
afterEach(() => vi.unstubAllGlobals());

describe("provider buttons on the login page", () => {
  it("when a provider is configured, then there is a Continue with <name> button", async () => {
    renderApp("/login", () => ({ status: 500 }));
    expect(await screen.findByRole("button", { name: "Continue with Acme ID" })).toBeEnabled();
  });

  it("when a provider login came back with oidc_email_conflict, then the page says what to do", async () => {
    renderApp("/login?error=oidc_email_conflict", () => ({ status: 500 }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "An account with this email already exists.",
    );
  });

  it("when the error in the URL is not one of ours, then nothing is shown", async () => {
    renderApp("/login?error=%3Cscript%3E", () => ({ status: 500 }));
    await screen.findByRole("button", { name: "Continue with Acme ID" });
    expect(screen.queryByRole("alert")).toBeNull();
  });
});

describe("the security page after a link", () => {
  it("when the identity was another account's (oidc_identity_taken), then the page says so, not that signing in failed", async () => {
    setToken(makeJwt());
    renderApp("/security?error=oidc_identity_taken", (route) =>
      route === `GET ${apiPaths.identities}`
        ? { status: 200, data: { identities: [] } }
        : { status: 200, data: { sessions: [], events: [], next: null } },
    );
    const section = await screen.findByRole("region", { name: "Sign-in providers" });
    expect(await within(section).findByRole("alert")).toHaveTextContent(
      "already connected to another account",
    );
    expect(section).not.toHaveTextContent("did not work");
  });
});

describe("the /auth/callback page", () => {
  it("when the refresh succeeds, then the token is stored and the user goes where they were going", async () => {
    const token = makeJwt({ sub: ada.id });
    const { adapter } = renderApp("/auth/callback?returnTo=%2Fprofile", (route) =>
      route === `POST ${apiPaths.refresh}`
        ? { status: 200, data: authResponse(token) }
        : { status: 200, data: ada },
    );
    expect(await screen.findByRole("heading", { name: "Your profile" })).toBeVisible();
    expect(getToken()).toBe(token);
    expect(adapter.calls[0]?.route).toBe(`POST ${apiPaths.refresh}`);
  });

  it("when returnTo leaves the site, then it goes to the profile instead", async () => {
    const token = makeJwt({ sub: ada.id });
    renderApp("/auth/callback?returnTo=%2F%2Fevil.example", (route) =>
      route === `POST ${apiPaths.refresh}`
        ? { status: 200, data: authResponse(token) }
        : { status: 200, data: ada },
    );
    expect(await screen.findByRole("heading", { name: "Your profile" })).toBeVisible();
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/profile$/);
  });

  it("when the refresh is refused, then it says so and links back to the login page", async () => {
    renderApp("/auth/callback", () => problem(401, "invalid_refresh_token"));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "We could not finish signing you in.",
    );
    expect(screen.getByRole("link", { name: "Back to the login page" })).toBeVisible();
  });
});

describe("a provider login on an account with TOTP on", () => {
  it("when the callback carries an mfaToken, then the code step finishes the sign-in and goes where the user was going", async () => {
    const token = makeJwt({ sub: ada.id });
    const { user, adapter } = renderApp(
      "/auth/callback?returnTo=%2Fprofile#mfaToken=mfa-1",
      (route) =>
        route === `POST ${apiPaths.loginMfa}`
          ? { status: 200, data: authResponse(token) }
          : { status: 200, data: ada },
    );
    // The sixth digit sends the code by itself.
    await user.type(await screen.findByLabelText("Authentication code"), "123456");

    expect(await screen.findByRole("heading", { name: "Your profile" })).toBeVisible();
    expect(getToken()).toBe(token);
    expect(adapter.calls[0]).toMatchObject({
      route: `POST ${apiPaths.loginMfa}`,
      body: { mfaToken: "mfa-1", code: "123456" },
    });
    expect(adapter.calls.map((c) => c.route)).not.toContain(`POST ${apiPaths.refresh}`);
  });

  it("when the code is wrong, then the step says so and stays", async () => {
    const { user } = renderApp("/auth/callback#mfaToken=mfa-1", () =>
      problem(401, "invalid_mfa_code"),
    );
    await user.type(await screen.findByLabelText("Authentication code"), "000000");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That code is not right");
    expect(getToken()).toBeNull();
  });
});

describe("what a failed provider flow says", () => {
  it.each([
    ["/login?error=account_locked", "This account is locked"],
    ["/login?error=mfa_required", "two-factor authentication on"],
  ])("when %s, then the login page explains it", async (path, text) => {
    renderApp(path, () => ({ status: 500 }));
    expect(await screen.findByRole("alert")).toHaveTextContent(text);
  });

  it("when linking came back with oidc_identity_taken, then the security page says the provider account is someone else's", async () => {
    setToken(makeJwt({ sub: ada.id }));
    const lists: Record<string, unknown> = {
      [`GET ${apiPaths.identities}`]: { identities: [] },
      [`GET ${apiPaths.sessions}`]: { sessions: [] },
      [`GET ${apiPaths.activity}`]: { events: [], next: null },
      [`GET ${apiPaths.passkeys}`]: { passkeys: [] },
    };
    renderApp("/security?error=oidc_identity_taken", (route) =>
      route in lists ? { status: 200, data: lists[route] } : { status: 204 },
    );
    expect(
      await screen.findByText(
        "That provider account is already connected to another account here.",
      ),
    ).toBeVisible();
  });
});

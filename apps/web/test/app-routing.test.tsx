import { apiPaths } from "@jwt-auth/shared";
import { act, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { getToken, setToken, TOKEN_STORAGE_KEY } from "../src/lib/token-storage";
import { ada, authResponse, makeJwt, problem } from "./helpers";
import { renderApp } from "./render-app";

const heading = (name: string) => screen.findByRole("heading", { level: 1, name });
const okProfile = () => ({ status: 200, data: ada });

function otherTab(token: string | null): void {
  act(() => {
    if (token === null) localStorage.removeItem(TOKEN_STORAGE_KEY);
    else localStorage.setItem(TOKEN_STORAGE_KEY, token);
    window.dispatchEvent(
      new StorageEvent("storage", {
        key: TOKEN_STORAGE_KEY,
        newValue: token,
        storageArea: localStorage,
      }),
    );
  });
}

describe("routes", () => {
  it("when a visitor without a token opens /profile, then they see the login page", async () => {
    const { adapter } = renderApp("/profile", okProfile);
    expect(await heading("Log in")).toBeInTheDocument();
    expect(adapter.calls).toHaveLength(0); // no token, no refresh attempt on start
  });

  it("when a visitor opens /, then they are sent to their profile, or to log in first", async () => {
    renderApp("/", okProfile);
    expect(await heading("Log in")).toBeInTheDocument();
  });

  it("when a logged-in user opens / or /login or /register, then they see their profile", async () => {
    for (const path of ["/", "/login", "/register"]) {
      setToken(makeJwt());
      const { unmount } = renderApp(path, okProfile);
      expect(await heading("Your profile")).toBeInTheDocument();
      unmount();
    }
  });

  it("when the address is unknown, then a not-found page says so", async () => {
    renderApp("/no/such/page", okProfile);
    expect(await heading("Page not found")).toBeInTheDocument();
  });

  it("when the register page is opened, then it has its three fields and links back to login", async () => {
    renderApp("/register", okProfile);
    expect(await heading("Create an account")).toBeInTheDocument();
    for (const label of ["Name", "Email", "Password"])
      expect(screen.getByLabelText(label)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Create account" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Log in" })).toHaveAttribute("href", "/login");
  });

  it("when a user is sent to log in from a deep link, then logging in brings them back to it", async () => {
    const token = makeJwt();
    const { user } = renderApp("/profile?tab=security", (route) =>
      route === `POST ${apiPaths.login}` ? { status: 200, data: authResponse(token) } : okProfile(),
    );
    await heading("Log in");
    await user.type(screen.getByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "correct horse");
    await user.click(screen.getByRole("button", { name: "Log in" }));
    expect(await heading("Your profile")).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/profile?tab=security");
  });

  it("when the session cannot be refreshed, then the user lands on the login page and returns to the profile after logging in", async () => {
    setToken(makeJwt());
    const fresh = makeJwt({ sub: "user-1", name: "fresh" });
    const { user, adapter } = renderApp("/profile", (route, config) => {
      if (route === `POST ${apiPaths.refresh}`) return problem(401, "invalid_refresh_token");
      if (route === `POST ${apiPaths.login}`) return { status: 200, data: authResponse(fresh) };
      return config.headers.get("Authorization") === `Bearer ${fresh}`
        ? okProfile()
        : problem(401, "token_expired");
    });

    expect(await heading("Log in")).toBeInTheDocument();
    expect(getToken()).toBeNull();
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/login$/);
    await user.type(screen.getByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "correct horse");
    await user.click(screen.getByRole("button", { name: "Log in" }));
    expect(await heading("Your profile")).toBeInTheDocument();
    expect(await screen.findByText(ada.email)).toBeInTheDocument();
    expect(adapter.calls.filter((call) => call.route === `POST ${apiPaths.refresh}`)).toHaveLength(
      1,
    );
  });

  it("when another tab logs out, then this tab shows the login page at once", async () => {
    setToken(makeJwt());
    renderApp("/profile", okProfile);
    await heading("Your profile");
    otherTab(null);
    expect(await heading("Log in")).toBeInTheDocument();
  });

  it("when another tab logs in, then this tab leaves the login page for the profile", async () => {
    renderApp("/login", okProfile);
    await heading("Log in");
    otherTab(makeJwt());
    expect(await heading("Your profile")).toBeInTheDocument();
  });

  it("when a return path points off-site, then login goes to the profile instead", async () => {
    const { isSafeReturnPath, returnPath } = await import("../src/features/auth/return-path");
    for (const from of [
      "//evil.example/x",
      "/\\evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      "/login",
      "/x\u0000y",
      42,
    ]) {
      expect(isSafeReturnPath(from)).toBe(false);
      expect(returnPath({ from })).toBe("/profile");
    }
    expect(returnPath({ from: "/profile?tab=1#top" })).toBe("/profile?tab=1#top");
    expect(returnPath(null)).toBe("/profile");
  });
});

import { screen } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { setToken } from "../src/lib/token-storage";
import { ada, makeJwt, problem } from "./helpers";
import { renderApp } from "./render-app";

/**
 * axe on every page, with and without errors on screen. jsdom does no layout, so colour
 * contrast is left to the browser run (end-to-end suite); every other rule applies.
 */
async function violations() {
  // index.html sets it; the test document starts without one.
  document.documentElement.lang = "en";
  const results = await axe.run(document.documentElement, {
    rules: { "color-contrast": { enabled: false } },
  });
  return results.violations.map((violation) => `${violation.id}: ${violation.help}`);
}

const api = (route: string) =>
  route.startsWith("GET") ? { status: 200, data: ada } : problem(401, "invalid_credentials");

describe("accessibility", () => {
  it("the login page, before and after a failed attempt, has no axe violations", async () => {
    const { user } = renderApp("/login", api);
    await screen.findByRole("heading", { name: "Log in" });
    expect(await violations()).toEqual([]);
    await user.click(screen.getByRole("button", { name: "Log in" }));
    await screen.findAllByRole("alert");
    expect(await violations()).toEqual([]);
  });

  it("the register page has no axe violations", async () => {
    renderApp("/register", api);
    await screen.findByRole("heading", { name: "Create an account" });
    expect(await violations()).toEqual([]);
  });

  it("the profile page has no axe violations", async () => {
    setToken(makeJwt());
    renderApp("/profile", api);
    await screen.findByText(ada.email);
    expect(await violations()).toEqual([]);
  });

  it("the not-found page has no axe violations", async () => {
    renderApp("/nowhere", api);
    await screen.findByRole("heading", { name: "Page not found" });
    expect(await violations()).toEqual([]);
  });
});

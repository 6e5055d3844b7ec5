import { apiPaths } from "@jwt-auth/shared";
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { getToken } from "../src/lib/token-storage";
import { ada, authResponse, makeJwt, problem, type StubReply } from "./helpers";
import { renderApp } from "./render-app";

function registerAnswers(reply: StubReply) {
  return (route: string) =>
    route === `POST ${apiPaths.register}` ? reply : { status: 200, data: ada };
}

async function register(user: ReturnType<typeof renderApp>["user"], password: string) {
  await screen.findByRole("heading", { level: 1, name: "Create an account" });
  await user.type(screen.getByLabelText("Name"), "Ada Lovelace");
  await user.type(screen.getByLabelText("Email"), "ada@example.com");
  await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Create account" }));
}

describe("register page", () => {
  it("when the password is too short, then the shared rule is shown and linked to the field", async () => {
    const { user, adapter } = renderApp("/register", registerAnswers({ status: 500 }));
    await register(user, "short");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Password must be at least 8 characters",
    );
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription(
      expect.stringContaining("Password must be at least 8 characters"),
    );
    expect(adapter.calls).toHaveLength(0);
  });

  it("when the email is taken, then the alert says so", async () => {
    const { user } = renderApp("/register", registerAnswers(problem(409, "email_taken")));
    await register(user, "a long enough password");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "An account with this email already exists.",
    );
    expect(getToken()).toBeNull();
  });

  it("when the account is created, then the user is logged in and sees their profile", async () => {
    const token = makeJwt();
    const { user, adapter } = renderApp(
      "/register",
      registerAnswers({ status: 201, data: authResponse(token) }),
    );
    await register(user, "a long enough password");
    expect(
      await screen.findByRole("heading", { level: 1, name: "Your profile" }),
    ).toBeInTheDocument();
    expect(getToken()).toBe(token);
    expect(adapter.calls[0]?.body).toEqual({
      name: "Ada Lovelace",
      email: "ada@example.com",
      password: "a long enough password",
    });
  });
});

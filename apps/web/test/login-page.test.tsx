import { apiPaths } from "@jwt-auth/shared";
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { getToken } from "../src/lib/token-storage";
import { ada, authResponse, deferred, makeJwt, problem, type StubReply } from "./helpers";
import { renderApp } from "./render-app";

const LOGIN = `POST ${apiPaths.login}`;

function loginAnswers(reply: StubReply | Promise<StubReply>) {
  return (route: string) => (route === LOGIN ? reply : { status: 200, data: ada });
}

async function fillIn(user: ReturnType<typeof renderApp>["user"], email: string, password: string) {
  if (email) await user.type(screen.getByLabelText("Email"), email);
  if (password) await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Log in" }));
}

describe("login page", () => {
  it("when the fields break the shared schema, then each message shows once, at its field, announced, the first wrong field has focus, and nothing is sent", async () => {
    const { user, adapter } = renderApp("/login", loginAnswers({ status: 500 }));
    await fillIn(user, "ada@", "");

    const alerts = await screen.findAllByRole("alert");
    expect(alerts.map((alert) => alert.textContent)).toEqual([
      "Enter a valid email address",
      "Password is required",
    ]);
    expect(screen.getAllByText("Password is required")).toHaveLength(1);
    expect(screen.getByLabelText("Email")).toHaveFocus();
    expect(screen.getByLabelText("Email")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Email")).toHaveAccessibleDescription(
      "Enter a valid email address",
    );
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription("Password is required");
    expect(adapter.calls).toHaveLength(0);
  });

  it("when the server answers invalid_credentials, then the alert says so in plain words", async () => {
    const { user } = renderApp("/login", loginAnswers(problem(401, "invalid_credentials")));
    await fillIn(user, "ada@example.com", "wrong password");

    expect(await screen.findByRole("alert")).toHaveTextContent("Incorrect email or password.");
    expect(screen.getByRole("alert")).toHaveFocus();
    expect(getToken()).toBeNull();
  });

  it("when the server answers validation_failed, then its errors show under their fields", async () => {
    const reply = problem(400, "validation_failed", {
      errors: { email: ["This address is not accepted"] },
    });
    const { user } = renderApp("/login", loginAnswers(reply));
    await fillIn(user, "ada@example.com", "a password");

    expect(await screen.findByRole("alert")).toHaveTextContent("This address is not accepted");
    expect(screen.getByLabelText("Email")).toHaveAccessibleDescription(
      "This address is not accepted",
    );
  });

  it("when login is rate limited, then the alert says when to try again", async () => {
    const reply = problem(429, "rate_limited", { headers: { "retry-after": "120" } });
    const { user } = renderApp("/login", loginAnswers(reply));
    await fillIn(user, "ada@example.com", "a password");

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Too many attempts. Try again in 2 minutes.",
    );
  });

  it("when the request is pending, then the button is busy and disabled but keeps its name", async () => {
    const answer = deferred<StubReply>();
    const { user } = renderApp("/login", loginAnswers(answer.promise));
    await fillIn(user, "ada@example.com", "a password");

    const button = screen.getByRole("button", { name: "Log in" });
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute("aria-busy", "true");
    answer.resolve(problem(401, "invalid_credentials"));
    await screen.findByRole("alert");
    expect(button).toBeEnabled();
  });

  it("when login succeeds, then the email is sent normalised, the token stored and the profile shown", async () => {
    const token = makeJwt();
    const { user, adapter } = renderApp(
      "/login",
      loginAnswers({ status: 200, data: authResponse(token) }),
    );
    await fillIn(user, "  Ada@Example.COM ", "correct horse");

    expect(
      await screen.findByRole("heading", { level: 1, name: "Your profile" }),
    ).toBeInTheDocument();
    expect(getToken()).toBe(token);
    expect(adapter.calls[0]).toMatchObject({
      route: LOGIN,
      authorization: null,
      body: { email: "ada@example.com", password: "correct horse" },
    });
  });

  it("links to the register page", () => {
    renderApp("/login", loginAnswers({ status: 500 }));
    expect(screen.getByRole("link", { name: "Create an account" })).toHaveAttribute(
      "href",
      "/register",
    );
  });
});

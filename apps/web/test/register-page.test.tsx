import { apiPaths } from "@jwt-auth/shared";
import { screen, waitFor, within } from "@testing-library/react";
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

  it("when the email is taken, then the alert says so and links to the login page", async () => {
    const { user } = renderApp("/register", registerAnswers(problem(409, "email_taken")));
    await register(user, "a long enough password");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("An account with this email already exists.");
    await user.click(within(alert).getByRole("link", { name: "Log in instead" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Log in" })).toBeInTheDocument();
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

describe("register page: field errors and the password checklist", () => {
  it("when every field is wrong, then each says so above its input, once, with no summary, and the first has focus", async () => {
    const { user } = renderApp("/register", registerAnswers({ status: 500 }));
    await screen.findByRole("heading", { level: 1, name: "Create an account" });
    await user.type(screen.getByLabelText("Email"), "not an email");
    await user.click(screen.getByRole("button", { name: "Create account" }));

    const alerts = await screen.findAllByRole("alert");
    expect(alerts.map((alert) => alert.textContent)).toEqual([
      "Name is required",
      "Enter a valid email address",
      "Password is required",
    ]);
    expect(screen.queryAllByRole("link", { name: /is required/ })).toEqual([]);
    expect(screen.getByLabelText("Name")).toHaveFocus();
    const password = screen.getByLabelText("Password");
    // Above the input like every other field's, not under the checklist.
    const error = screen.getByText("Password is required");
    expect(error).toHaveTextContent("Password is required");
    expect(error.compareDocumentPosition(password) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it("when a password is typed, then the checklist says which rules it meets before any submit", async () => {
    const { user, adapter } = renderApp("/register", registerAnswers({ status: 500 }));
    await screen.findByRole("heading", { level: 1, name: "Create an account" });
    await user.type(screen.getByLabelText("Email"), "ada@example.com");
    const password = screen.getByLabelText("Password");
    expect(password).toHaveAccessibleDescription(expect.stringContaining("8 to 128 characters"));

    await user.type(password, "ada@example.com");
    await waitFor(() =>
      expect(password).toHaveAccessibleDescription(
        expect.stringMatching(/Not your email address\s*: not yet/),
      ),
    );
    expect(password).toHaveAccessibleDescription(
      expect.stringMatching(/8 to 128 characters\s*: yes/),
    );

    await user.clear(password);
    await user.type(password, "password");
    await waitFor(() =>
      expect(password).toHaveAccessibleDescription(
        expect.stringMatching(/Not one of the most common passwords\s*: not yet/),
      ),
    );
    expect(adapter.calls).toHaveLength(0);
  });

  it("when Show password is pressed, then the password is shown, and hidden again on a second press", async () => {
    const { user } = renderApp("/register", registerAnswers({ status: 500 }));
    await screen.findByRole("heading", { level: 1, name: "Create an account" });
    const password = screen.getByLabelText("Password");
    const toggle = screen.getByRole("button", { name: "Show password" });
    expect(password).toHaveAttribute("type", "password");
    expect(toggle).toHaveAttribute("aria-pressed", "false");

    await user.click(toggle);
    expect(password).toHaveAttribute("type", "text");
    expect(toggle).toHaveAttribute("aria-pressed", "true");
    await user.click(toggle);
    expect(password).toHaveAttribute("type", "password");
  });
});

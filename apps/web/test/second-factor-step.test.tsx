import { apiPaths } from "@jwt-auth/shared";
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { getToken } from "../src/lib/token-storage";
import { ada, authResponse, makeJwt, problem, type StubReply } from "./helpers";
import { renderApp } from "./render-app";

const MFA_REQUIRED: StubReply = {
  status: 200,
  data: {
    mfaRequired: true,
    mfaToken: "mfa_token",
    methods: ["totp", "backup_code"],
    expiresIn: 300,
  },
};

function answers(second: StubReply) {
  return (route: string) => {
    if (route === `POST ${apiPaths.login}`) return MFA_REQUIRED;
    if (route === `POST ${apiPaths.loginMfa}`) return second;
    return { status: 200, data: ada };
  };
}

async function passwordStep(user: ReturnType<typeof renderApp>["user"]) {
  await user.type(screen.getByLabelText("Email"), "ada@example.com");
  await user.type(screen.getByLabelText("Password"), "a password");
  await user.click(screen.getByRole("button", { name: "Log in" }));
}

describe("the login's second step", () => {
  it("when the account has TOTP on, then the code step follows the password and its sixth digit logs in, with no click", async () => {
    const token = makeJwt();
    const { user, adapter } = renderApp(
      "/login",
      answers({ status: 200, data: authResponse(token) }),
    );
    await passwordStep(user);

    const code = await screen.findByLabelText("Authentication code");
    expect(code).toHaveAttribute("autocomplete", "one-time-code");
    expect(code).toHaveAttribute("inputmode", "numeric");
    expect(getToken()).toBeNull();
    await user.type(code, "12345");
    expect(adapter.calls.some((call) => call.route === `POST ${apiPaths.loginMfa}`)).toBe(false);
    await user.type(code, "6");

    expect(await screen.findByRole("heading", { name: "Your profile" })).toBeInTheDocument();
    expect(getToken()).toBe(token);
    const sent = adapter.calls.find((call) => call.route === `POST ${apiPaths.loginMfa}`);
    expect(sent?.body).toEqual({ mfaToken: "mfa_token", code: "123456" });
  });

  it("when the code is wrong, then the alert says so and the step stays", async () => {
    const { user } = renderApp("/login", answers(problem(401, "invalid_mfa_code")));
    await passwordStep(user);
    await user.type(await screen.findByLabelText("Authentication code"), "000000");

    expect(await screen.findByRole("alert")).toHaveTextContent("That code is not right");
    expect(screen.getByLabelText("Authentication code")).toBeInTheDocument();
    expect(getToken()).toBeNull();
  });

  it("when the user has lost the phone, then a button switches the step to a backup code, and another back", async () => {
    const { user } = renderApp("/login", answers(problem(401, "invalid_mfa_token")));
    await passwordStep(user);
    await user.click(await screen.findByRole("button", { name: "Use a backup code" }));

    // One name in both modes (the "backup code" tag is seen, not read); the description says
    // which code the field wants.
    const field = screen.getByRole("textbox", { name: "Authentication code" });
    expect(field).toHaveAccessibleName("Authentication code");
    expect(field).toHaveAccessibleDescription("Enter one of your backup codes. Each works once.");
    expect(field).toHaveAttribute("inputmode", "text");
    await user.click(screen.getByRole("button", { name: "Use your authenticator app" }));
    expect(screen.getByLabelText("Authentication code")).toHaveAttribute("inputmode", "numeric");
    await user.click(screen.getByRole("button", { name: "Use a backup code" }));

    await user.type(screen.getByLabelText(/^Authentication code/), "abcde-fghij");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("This login has expired");
  });
});

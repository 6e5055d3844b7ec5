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
  it("when the account has TOTP on, then the code step follows the password and its code logs in", async () => {
    const token = makeJwt();
    const { user, adapter } = renderApp(
      "/login",
      answers({ status: 200, data: authResponse(token) }),
    );
    await passwordStep(user);

    const code = await screen.findByLabelText("Authentication code");
    expect(getToken()).toBeNull();
    await user.type(code, "123456");
    await user.click(screen.getByRole("button", { name: "Verify" }));

    expect(await screen.findByRole("heading", { name: "Your profile" })).toBeInTheDocument();
    expect(getToken()).toBe(token);
    const sent = adapter.calls.find((call) => call.route === `POST ${apiPaths.loginMfa}`);
    expect(sent?.body).toEqual({ mfaToken: "mfa_token", code: "123456" });
  });

  it("when the code is wrong, then the alert says so and the step stays", async () => {
    const { user } = renderApp("/login", answers(problem(401, "invalid_mfa_code")));
    await passwordStep(user);
    await user.type(await screen.findByLabelText("Authentication code"), "000000");
    await user.click(screen.getByRole("button", { name: "Verify" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("That code is not right");
    expect(screen.getByLabelText("Authentication code")).toBeInTheDocument();
    expect(getToken()).toBeNull();
  });

  it("when the user has lost the phone, then the link switches the step to a backup code", async () => {
    const { user } = renderApp("/login", answers(problem(401, "invalid_mfa_token")));
    await passwordStep(user);
    await user.click(await screen.findByRole("link", { name: "Use a backup code" }));

    expect(screen.getByLabelText("Authentication code")).toHaveAccessibleDescription(
      "Enter one of your backup codes. Each works once.",
    );
    await user.type(screen.getByLabelText("Authentication code"), "abcde-fghij");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("This login has expired");
  });
});

import { apiPaths } from "@jwt-auth/shared";
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { getToken, setToken } from "../src/lib/token-storage";
import { ada, authResponse, makeJwt, problem, type StubReply } from "./helpers";
import { renderApp } from "./render-app";

const answer =
  (replies: Record<string, StubReply>) =>
  (route: string): StubReply =>
    replies[route] ?? { status: 404 };

describe("forgot password", () => {
  it("when the login page's link is followed and an email sent, then the page says a link may be on its way", async () => {
    const { user, adapter } = renderApp(
      "/login",
      answer({ [`POST ${apiPaths.passwordForgot}`]: { status: 202 } }),
    );
    await user.click(screen.getByRole("link", { name: "Forgot password?" }));
    await user.type(await screen.findByLabelText("Email"), "Ada@Example.com ");
    await user.click(screen.getByRole("button", { name: "Send reset link" }));

    expect(await screen.findByRole("status")).toHaveTextContent(
      "If an account exists for ada@example.com, a reset link is on its way.",
    );
    expect(adapter.calls.map((c) => [c.route, c.body])).toEqual([
      [`POST ${apiPaths.passwordForgot}`, { email: "ada@example.com" }],
    ]);
  });
});

describe("reset password", () => {
  it("when the page is opened, then nothing is sent until the new password is submitted with the fragment's token", async () => {
    const { user, adapter } = renderApp(
      "/reset-password#token=abc123",
      answer({ [`POST ${apiPaths.passwordReset}`]: { status: 204 } }),
    );
    await user.type(await screen.findByLabelText("New password"), "a new passphrase");
    expect(adapter.calls).toHaveLength(0);
    await user.click(screen.getByRole("button", { name: "Set new password" }));

    expect(await screen.findByRole("status")).toHaveTextContent("Your password has been set");
    expect(adapter.calls.map((c) => c.body)).toEqual([
      { token: "abc123", newPassword: "a new passphrase" },
    ]);
    // The link did its work: nothing offers to replace it any more.
    expect(screen.queryByRole("link", { name: "Send a new one" })).not.toBeInTheDocument();
  });

  it("when the link is dead, then the alert says to ask for a new one", async () => {
    const { user } = renderApp(
      "/reset-password#token=used",
      answer({ [`POST ${apiPaths.passwordReset}`]: problem(400, "invalid_link") }),
    );
    await user.type(await screen.findByLabelText("New password"), "a new passphrase");
    await user.click(screen.getByRole("button", { name: "Set new password" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("invalid or has expired");
  });

  it("when the link has no token, then there is no form, only an alert", async () => {
    renderApp("/reset-password", answer({}));
    expect(await screen.findByRole("alert")).toHaveTextContent("This link has no token");
    expect(screen.queryByLabelText("New password")).toBeNull();
  });
});

describe("verify email", () => {
  it("when the button is pressed, then the fragment's token is sent and the page says the email is verified", async () => {
    const { user, adapter } = renderApp(
      "/verify-email#token=tok",
      answer({
        [`POST ${apiPaths.verifyEmail}`]: { status: 200, data: { ...ada, emailVerified: true } },
      }),
    );
    const button = await screen.findByRole("button", { name: "Verify my email" });
    expect(adapter.calls).toHaveLength(0);
    await user.click(button);

    expect(await screen.findByRole("status")).toHaveTextContent(
      "Your email ada@example.com is verified.",
    );
    expect(adapter.calls.map((c) => c.body)).toEqual([{ token: "tok" }]);
  });

  it("when the token says the email is not verified, then a banner offers to resend the link", async () => {
    setToken(makeJwt({ email_verified: false }));
    const { user, adapter } = renderApp(
      "/not-a-page",
      answer({ [`POST ${apiPaths.verifyEmailResend}`]: { status: 202 } }),
    );
    const banner = screen.getByRole("complementary", { name: "Email verification" });
    await user.click(screen.getByRole("button", { name: "Resend verification email" }));

    expect(await screen.findByText("A new link is on its way.")).toBeInTheDocument();
    expect(banner).toContainElement(screen.getByText("A new link is on its way."));
    expect(adapter.calls.map((c) => c.route)).toEqual([`POST ${apiPaths.verifyEmailResend}`]);
  });

  it("when the token says the email is verified, then there is no banner", () => {
    setToken(makeJwt({ email_verified: true }));
    renderApp("/not-a-page", answer({}));
    expect(screen.queryByRole("complementary", { name: "Email verification" })).toBeNull();
  });
});

describe("development mailbox", () => {
  it("when a message is opened, then its text shows with the link clickable", async () => {
    const link = "http://localhost:3000/reset-password#token=abc";
    const { user } = renderApp(
      "/dev/mailbox",
      answer({
        [`GET ${apiPaths.devMailbox}`]: {
          status: 200,
          data: {
            messages: [
              {
                id: "m1",
                to: "ada@example.com",
                subject: "Reset your JWT Auth password",
                text: `Hi Ada,\n\nSet a new password:\n${link}\n`,
                html: "<p>Hi</p>",
                sentAt: "2030-01-01T00:00:00.000Z",
              },
            ],
          },
        },
      }),
    );
    await user.click(await screen.findByRole("button", { name: /Reset your JWT Auth password/ }));

    const mail = screen.getByRole("article");
    expect(mail).toHaveTextContent("Hi Ada,");
    expect(screen.getByRole("link", { name: link })).toHaveAttribute("href", link);
  });

  it("when the API has no mailbox, then the page says it is off", async () => {
    renderApp(
      "/dev/mailbox",
      answer({ [`GET ${apiPaths.devMailbox}`]: problem(404, "not_found") }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent("The development mailbox is off.");
  });
});

describe("change email", () => {
  const EMAIL = `POST ${apiPaths.changeEmail}`;
  const REAUTH = `POST ${apiPaths.reauthenticate}`;

  it("when the login is recent, then the new address is sent, the form closes and the page says where the link went", async () => {
    setToken(makeJwt({ email_verified: true }));
    const { user, adapter } = renderApp(
      "/profile",
      answer({ [`GET ${apiPaths.profile}`]: { status: 200, data: ada }, [EMAIL]: { status: 202 } }),
    );
    await user.click(await screen.findByRole("button", { name: "Change email" }));
    await user.type(await screen.findByLabelText("New email"), "New@Example.com");
    await user.click(screen.getByRole("button", { name: "Change email" }));

    expect(await screen.findByRole("status")).toHaveTextContent(
      "We sent a confirmation link to new@example.com",
    );
    expect(screen.queryByLabelText("New email")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Change email" })).toBeInTheDocument();
    expect(adapter.calls.filter((c) => c.route === EMAIL).map((c) => c.body)).toEqual([
      { newEmail: "new@example.com" },
    ]);
  });

  it("when the login is too old, then the re-auth dialog takes the password and the change is sent again", async () => {
    setToken(makeJwt({ email_verified: true }));
    const renewed = makeJwt({ sub: "user-1", email_verified: true, name: "renewed" });
    let fresh = false;
    const { user, adapter } = renderApp("/profile", (route) => {
      if (route === `GET ${apiPaths.profile}`) return { status: 200, data: ada };
      if (route === REAUTH) {
        fresh = true;
        return { status: 200, data: authResponse(renewed) };
      }
      if (route === EMAIL)
        return fresh ? { status: 202 } : problem(401, "reauthentication_required");
      return { status: 404 };
    });
    await user.click(await screen.findByRole("button", { name: "Change email" }));
    await user.type(await screen.findByLabelText("New email"), "new@example.com");
    await user.click(screen.getByRole("button", { name: "Change email" }));

    const dialog = await screen.findByRole("dialog");
    await user.type(within(dialog).getByLabelText("Password"), "my password");
    await user.click(within(dialog).getByRole("button", { name: "Confirm" }));

    expect(
      await screen.findByText("We sent a confirmation link to new@example.com", { exact: false }),
    ).toBeInTheDocument();
    expect(
      // GETs aside: the profile, and the dialog asking whether to offer a code too.
      adapter.calls.map((c) => c.route).filter((r) => !r.startsWith("GET ")),
    ).toEqual([EMAIL, REAUTH, EMAIL]);
    expect(adapter.calls.find((c) => c.route === REAUTH)!.body).toEqual({
      password: "my password",
    });
    expect(getToken()).toBe(renewed);
  });

  it("when the re-auth dialog is cancelled, then nothing changes and the alert says why", async () => {
    setToken(makeJwt({ email_verified: true }));
    const { user, adapter } = renderApp(
      "/profile",
      answer({
        [`GET ${apiPaths.profile}`]: { status: 200, data: ada },
        [EMAIL]: problem(401, "reauthentication_required"),
      }),
    );
    await user.click(await screen.findByRole("button", { name: "Change email" }));
    await user.type(await screen.findByLabelText("New email"), "new@example.com");
    await user.click(screen.getByRole("button", { name: "Change email" }));
    const dialog = await screen.findByRole("dialog");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Confirm it's you to change your email.",
    );
    expect(adapter.calls.filter((c) => c.route === EMAIL)).toHaveLength(1);
  });
});

describe("cancel an email change (this wasn't me)", () => {
  const CANCEL = `POST ${apiPaths.emailCancel}`;

  it("when the button is pressed, then the token is sent, the local session is forgotten and the page says what to do", async () => {
    setToken(makeJwt({ email_verified: true }));
    const { user, adapter } = renderApp(
      "/cancel-email-change#token=cancel-1",
      answer({ [CANCEL]: { status: 204 }, [`POST ${apiPaths.logout}`]: { status: 204 } }),
    );
    await user.click(await screen.findByRole("button", { name: "Cancel the change" }));

    const status = await screen.findByRole("status");
    expect(await within(status).findByText(/The change was cancelled/)).toHaveTextContent(
      "every session was signed out",
    );
    expect(within(status).getByRole("link", { name: "Log in" })).toHaveAttribute("href", "/login");
    expect(getToken()).toBeNull();
    expect(adapter.calls[0]).toMatchObject({ route: CANCEL, body: { token: "cancel-1" } });
  });

  it("when the link is dead, then the alert says so and the session stays", async () => {
    const token = makeJwt({ email_verified: true });
    setToken(token);
    const { user } = renderApp(
      "/cancel-email-change#token=used",
      answer({ [CANCEL]: problem(400, "invalid_link") }),
    );
    await user.click(await screen.findByRole("button", { name: "Cancel the change" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("invalid or has expired");
    expect(getToken()).toBe(token);
  });
});

import { apiPaths } from "@jwt-auth/shared";
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { setToken } from "../src/lib/token-storage";
import { ada, makeJwt, problem, type StubReply } from "./helpers";
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
                subject: "Reset your JWT auth password",
                text: `Hi Ada,\n\nSet a new password:\n${link}\n`,
                html: "<p>Hi</p>",
                sentAt: "2030-01-01T00:00:00.000Z",
              },
            ],
          },
        },
      }),
    );
    await user.click(await screen.findByRole("button", { name: /Reset your JWT auth password/ }));

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

import {
  apiPaths,
  CancelEmailChangeRequest,
  ChangeEmailRequest,
  ConfirmEmailRequest,
  ForgotPasswordRequest,
  ResetPasswordRequest,
  UserProfile,
  VerifyEmailRequest,
} from "@jwt-auth/shared";
import type { RequestHandler } from "express";
import { mailRecipient, mailSuppressed } from "../http/rate-limits.js";
import type { AccountDeps } from "../accounts/account-deps.js";
import { cancelEmailChange } from "../accounts/cancel-email-change.js";
import { confirmEmailChange } from "../accounts/confirm-email-change.js";
import { requestEmailChange } from "../accounts/request-email-change.js";
import { requestPasswordReset } from "../accounts/request-password-reset.js";
import { resetPassword } from "../accounts/reset-password.js";
import { resendVerification, verifyEmail } from "../accounts/verify-email.js";
import { requestContext } from "../http/request-context.js";
import { defineRoute, type Route } from "../http/route.js";
import { toUserProfile } from "../store/user-profile.js";

export interface AccountRouteDeps {
  accounts: AccountDeps;
  /** Per client address, on the requests that send mail to someone. */
  mailLimit: RequestHandler;
  /** Per recipient (named by `mailRecipient` just before), on the same requests. */
  mailByRecipient: RequestHandler;
}

const invalidLink = {
  description: "The link is unknown, used, expired or superseded",
  problems: ["invalid_link" as const],
};

/** The flows that go through a mailed link: verify email, forgot password, change email. */
export function accountRoutes(deps: AccountRouteDeps): Route[] {
  const { accounts } = deps;
  return [
    defineRoute({
      method: "post",
      path: apiPaths.verifyEmail,
      operationId: "verifyEmail",
      tag: "auth",
      summary: "Verify the account's email with a mailed link",
      description:
        "Spends the token of a verification link (`APP_URL/verify-email#token=…`). Single use; a newer link kills the older ones.",
      auth: "none",
      body: VerifyEmailRequest,
      responses: {
        200: { description: "The profile, with `emailVerified: true`", body: UserProfile },
        400: invalidLink,
      },
      handler: async ({ req, res, body }) => {
        res.json(toUserProfile(await verifyEmail(accounts, body.token, requestContext(req))));
      },
    }),
    defineRoute({
      method: "post",
      path: apiPaths.verifyEmailResend,
      operationId: "resendVerification",
      tag: "auth",
      summary: "Mail a new verification link",
      description: "Mails a new link to the account's email, unless it is verified already.",
      auth: "bearer",
      limits: [
        deps.mailLimit,
        mailRecipient((req) => `user:${String(req.user?.id)}`),
        deps.mailByRecipient,
      ],
      responses: {
        202: { description: "Accepted" },
        429: { description: "Too many requests", problems: ["rate_limited"] },
      },
      handler: async ({ res, user }) => {
        await resendVerification(accounts, user.id);
        res.status(202).end();
      },
    }),
    defineRoute({
      method: "post",
      path: apiPaths.passwordForgot,
      operationId: "forgotPassword",
      tag: "auth",
      summary: "Mail a password-reset link",
      description:
        "Answers 202 whether or not an account has this email, with the same body and timing; only an existing account gets a link (valid `PASSWORD_RESET_TTL`, single use).",
      auth: "none",
      body: ForgotPasswordRequest,
      // Over the per-inbox budget the answer is still 202 and nothing is sent. That budget
      // counts everyone's requests for the address, so a 429 would tell whoever asks that
      // someone (most likely its owner, so most likely an account) asked recently: this
      // answer must say nothing about the address. The per-client budget, which only the
      // caller spends, keeps its 429.
      limits: [
        deps.mailLimit,
        mailRecipient((req) => `email:${String((req.body as { email?: unknown }).email)}`, {
          quiet: true,
        }),
        deps.mailByRecipient,
      ],
      responses: {
        202: { description: "Accepted" },
        429: { description: "Too many requests", problems: ["rate_limited"] },
      },
      handler: async ({ req, res, body }) => {
        // Answer first, work after: the time to answer says nothing about the account.
        res.status(202).end();
        if (mailSuppressed(res)) return;
        await requestPasswordReset(accounts, body.email, requestContext(req)).catch(
          (err: unknown) => accounts.logger?.error({ err }, "password reset request failed"),
        );
      },
    }),
    defineRoute({
      method: "post",
      path: apiPaths.passwordReset,
      operationId: "resetPassword",
      tag: "auth",
      summary: "Set a new password with a reset link",
      description:
        "Sets the password, ends every session of the user at once and marks the email verified. Signs nobody in.",
      auth: "none",
      body: ResetPasswordRequest,
      responses: {
        204: { description: "Password set; every session ended" },
        400: invalidLink,
      },
      handler: async ({ req, res, body }) => {
        await resetPassword(accounts, body, requestContext(req));
        res.status(204).end();
      },
    }),
    defineRoute({
      method: "post",
      path: apiPaths.changeEmail,
      operationId: "changeEmail",
      tag: "user",
      summary: "Ask to change the account's email",
      description:
        "Mails a confirmation link to the new address and a notice to the old one; nothing changes until the link is confirmed. Needs a recent login.",
      auth: "fresh",
      body: ChangeEmailRequest,
      limits: [
        deps.mailLimit,
        mailRecipient((req) => `email:${String((req.body as { newEmail?: unknown }).newEmail)}`),
        deps.mailByRecipient,
      ],
      responses: {
        202: { description: "Accepted" },
        409: { description: "Another account has this email", problems: ["email_taken"] },
        429: { description: "Too many requests", problems: ["rate_limited"] },
      },
      handler: async ({ req, res, body, user }) => {
        await requestEmailChange(accounts, user.id, body.newEmail, requestContext(req));
        res.status(202).end();
      },
    }),
    defineRoute({
      method: "post",
      path: apiPaths.emailConfirm,
      operationId: "confirmEmailChange",
      tag: "auth",
      summary: "Confirm a new email with the mailed link",
      description: "The account takes the new address, verified.",
      auth: "none",
      body: ConfirmEmailRequest,
      responses: {
        200: { description: "The profile with the new email", body: UserProfile },
        400: invalidLink,
        409: {
          description: "Another account took this email meanwhile",
          problems: ["email_taken"],
        },
      },
      handler: async ({ req, res, body }) => {
        res.json(
          toUserProfile(await confirmEmailChange(accounts, body.token, requestContext(req))),
        );
      },
    }),
    defineRoute({
      method: "post",
      path: apiPaths.emailCancel,
      operationId: "cancelEmailChange",
      tag: "auth",
      summary: 'Cancel a pending email change ("this wasn\'t me")',
      description:
        "The token of the cancel link in the notice mailed to the old address. The pending change dies (its " +
        "confirm link answers `invalid_link`) and every session of the account ends, on every instance.",
      auth: "none",
      body: CancelEmailChangeRequest,
      responses: {
        204: { description: "Cancelled; every session ended" },
        400: invalidLink,
      },
      handler: async ({ req, res, body }) => {
        await cancelEmailChange(accounts, body.token, requestContext(req));
        res.status(204).end();
      },
    }),
  ];
}

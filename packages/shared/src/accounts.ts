import { z } from "zod";
import { Email, Password } from "./credentials.js";

/**
 * A link token as it travels from the URL fragment to the API. Only its presence is
 * checked here: a mangled or foreign token is an `invalid_link`, like an unknown one.
 */
export const LinkToken = z
  .string({ error: "The link is missing its token" })
  .min(1, { error: "The link is missing its token" })
  .max(256, { error: "This link is not valid" });

export const VerifyEmailRequest = z.object({ token: LinkToken });
export type VerifyEmailRequest = z.input<typeof VerifyEmailRequest>;

export const ForgotPasswordRequest = z.object({ email: Email });
export type ForgotPasswordRequest = z.input<typeof ForgotPasswordRequest>;

export const ResetPasswordRequest = z.object({ token: LinkToken, newPassword: Password });
export type ResetPasswordRequest = z.input<typeof ResetPasswordRequest>;

export const ChangeEmailRequest = z.object({ newEmail: Email });
export type ChangeEmailRequest = z.input<typeof ChangeEmailRequest>;

export const ConfirmEmailRequest = z.object({ token: LinkToken });
export type ConfirmEmailRequest = z.input<typeof ConfirmEmailRequest>;

/** "This wasn't me": the token of the cancel link in the notice to the old address. */
export const CancelEmailChangeRequest = z.object({ token: LinkToken });
export type CancelEmailChangeRequest = z.input<typeof CancelEmailChangeRequest>;

export const MailboxMessage = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  /** When it was written to the outbox: the development mailbox never sends it. */
  sentAt: z.iso.datetime(),
});
export type MailboxMessage = z.infer<typeof MailboxMessage>;

export const DevMailboxResponse = z.object({ messages: z.array(MailboxMessage) });
export type DevMailboxResponse = z.infer<typeof DevMailboxResponse>;

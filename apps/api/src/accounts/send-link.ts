import { enqueueMail } from "../mail/enqueue-mail.js";
import type { MailData, MailTemplate } from "../mail/templates.js";
import type { LinkPurpose } from "../store/link-token-store.js";
import type { Tx } from "../store/db.js";
import type { AccountDeps } from "./account-deps.js";
import { linkUrl, newLinkSecret, type LinkPage } from "./link-token.js";

const PAGES: Record<LinkPurpose, LinkPage> = {
  verify_email: "verify-email",
  password_reset: "reset-password",
  email_change: "confirm-email",
  email_change_cancel: "cancel-email-change",
};

const TEMPLATES: Record<LinkPurpose, MailTemplate> = {
  verify_email: "verify_email",
  password_reset: "password_reset",
  email_change: "email_change_confirm",
  email_change_cancel: "email_change_notice",
};

export const EMAIL_CHANGE_TTL_SECONDS = 24 * 3600;

export interface LinkRequest {
  user: { id: string };
  purpose: LinkPurpose;
  /** Where the mail goes, and the address the link is bound to. */
  to: string;
  ttlSeconds: number;
  /** More for the message (the new address, in the notice that carries the cancel link). */
  data?: MailData;
}

/**
 * Issues a link token (killing the user's older ones of that purpose) and queues its
 * message, in the caller's transaction: a stored token always has its mail, and a mail
 * never goes out for a change that rolled back.
 */
export async function sendLink(trx: Tx, deps: AccountDeps, request: LinkRequest): Promise<void> {
  const now = deps.now();
  const secret = newLinkSecret();
  await deps.linkTokens.replace(trx, {
    tokenHash: secret.hash,
    userId: request.user.id,
    purpose: request.purpose,
    email: request.to,
    now,
    expiresAt: now + request.ttlSeconds * 1000,
  });
  await enqueueMail(
    trx,
    {
      to: request.to,
      userId: request.user.id,
      template: TEMPLATES[request.purpose],
      data: {
        ...request.data,
        link: linkUrl(deps.config.appUrl, PAGES[request.purpose], secret.token),
      },
      now,
    },
    deps.mail,
  );
}

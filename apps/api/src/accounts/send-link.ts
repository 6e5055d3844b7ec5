import type { Transaction } from "kysely";
import { enqueueMail } from "../mail/enqueue-mail.js";
import type { LinkPurpose } from "../store/link-token-store.js";
import type { Database } from "../store/schema.js";
import type { AccountDeps } from "./account-deps.js";
import { linkUrl, newLinkSecret, type LinkPage } from "./link-token.js";

const PAGES: Record<LinkPurpose, LinkPage> = {
  verify_email: "verify-email",
  password_reset: "reset-password",
  email_change: "confirm-email",
};

export const EMAIL_CHANGE_TTL_SECONDS = 24 * 3600;

export interface LinkRequest {
  user: { id: string; name: string };
  purpose: LinkPurpose;
  /** Where the mail goes, and the address the link is bound to. */
  to: string;
  ttlSeconds: number;
}

/**
 * Issues a link token (killing the user's older ones of that purpose) and queues its
 * message, in the caller's transaction: a stored token always has its mail, and a mail
 * never goes out for a change that rolled back.
 */
export async function sendLink(
  trx: Transaction<Database>,
  deps: AccountDeps,
  request: LinkRequest,
): Promise<void> {
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
  const link = linkUrl(deps.config.appUrl, PAGES[request.purpose], secret.token);
  const base = { to: request.to, userId: request.user.id, now };
  const name = request.user.name;
  if (request.purpose === "verify_email")
    await enqueueMail(trx, { ...base, template: "verify_email", data: { name, link } });
  else if (request.purpose === "password_reset")
    await enqueueMail(trx, { ...base, template: "password_reset", data: { name, link } });
  else
    await enqueueMail(trx, {
      ...base,
      template: "email_change_confirm",
      data: { name, link, newEmail: request.to },
    });
}

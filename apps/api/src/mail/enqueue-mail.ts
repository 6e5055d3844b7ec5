import { randomUUID } from "node:crypto";
import type { Db } from "../store/db.js";
import { insertOutboxMessage } from "../store/outbox-store.js";
import type { MailContext } from "./mail-context.js";
import { LINK_REMOVED, sealMailBody } from "./outbox-seal.js";
import { renderMail, type MailData, type MailTemplate } from "./templates.js";

export interface MailRequest {
  to: string;
  /** The account it concerns; null for a message that must outlive the account (goodbye). */
  userId: string | null;
  template: MailTemplate;
  data: MailData;
  now: number;
}

/**
 * Renders a message and writes it to the outbox. Call it with the transaction of the
 * change that causes the message: both are stored, or neither. Delivery happens later,
 * with retries, so a mail server that is down loses nothing. A message with a link keeps
 * it only sealed (outbox-seal.ts); its readable columns carry the message without it.
 */
export async function enqueueMail(
  db: Db,
  request: MailRequest,
  mail: MailContext,
): Promise<string> {
  const rendered = renderMail(request.template, request.data, mail.appName);
  const readable = request.data.link
    ? renderMail(request.template, { ...request.data, link: LINK_REMOVED }, mail.appName)
    : rendered;
  const id = randomUUID();
  return insertOutboxMessage(db, {
    id,
    userId: request.userId,
    to: request.to,
    template: request.template,
    subject: rendered.subject,
    text: readable.text,
    html: readable.html,
    sealed: request.data.link
      ? sealMailBody(mail.sealKey, id, { text: rendered.text, html: rendered.html })
      : null,
    now: request.now,
  });
}

import type { Kysely, Transaction } from "kysely";
import type { Database } from "../store/schema.js";
import { insertOutboxMessage } from "../store/outbox-store.js";
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
 * with retries, so a mail server that is down loses nothing.
 */
export async function enqueueMail(
  db: Kysely<Database> | Transaction<Database>,
  request: MailRequest,
  appName: string,
): Promise<string> {
  const rendered = renderMail(request.template, request.data, appName);
  return insertOutboxMessage(db, {
    userId: request.userId,
    to: request.to,
    template: request.template,
    ...rendered,
    now: request.now,
  });
}

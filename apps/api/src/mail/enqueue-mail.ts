// Stand-in for the spine's enqueue-mail.ts until it lands.
import { randomUUID } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../store/schema.js";
import { renderMail, type MailData, type MailTemplate } from "./templates.js";

export interface MailToQueue<T extends MailTemplate> {
  to: string;
  userId: string | null;
  template: T;
  data: MailData[T];
  now: number;
}

export async function enqueueMail<T extends MailTemplate>(
  db: Transaction<Database> | Kysely<Database>,
  mail: MailToQueue<T>,
): Promise<void> {
  const rendered = renderMail(mail.template, mail.data, {
    name: "JWT auth",
    url: "http://localhost:3000",
  });
  await db
    .insertInto("outbox")
    .values({
      id: randomUUID(),
      user_id: mail.userId,
      to_address: mail.to,
      template: mail.template,
      ...rendered,
      created_at: mail.now,
      attempts: 0,
      next_attempt_at: mail.now,
      claimed_until: null,
      sent_at: null,
      last_error: null,
    })
    .execute();
}

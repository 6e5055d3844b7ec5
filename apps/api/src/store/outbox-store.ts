import { randomUUID } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema.js";

export interface NewOutboxMessage {
  userId: string | null;
  to: string;
  template: string;
  subject: string;
  text: string;
  html: string;
  now: number;
}

/** Queues one rendered message; delivery picks it up from `next_attempt_at` on. */
export async function insertOutboxMessage(
  db: Kysely<Database> | Transaction<Database>,
  message: NewOutboxMessage,
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto("outbox")
    .values({
      id,
      user_id: message.userId,
      to_address: message.to,
      template: message.template,
      subject: message.subject,
      text: message.text,
      html: message.html,
      created_at: message.now,
      next_attempt_at: message.now,
      claimed_until: null,
      sent_at: null,
      last_error: null,
    })
    .execute();
  return id;
}

import type { Kysely, Selectable } from "kysely";
import type { Db } from "./db.js";
import type { Dialect } from "./database.js";
import type { Database, OutboxTable } from "./schema.js";

export interface NewOutboxMessage {
  id: string;
  userId: string | null;
  to: string;
  template: string;
  subject: string;
  text: string;
  html: string;
  /** The body with its link, sealed (mail/outbox-seal.ts) until delivery; null without one. */
  sealed: string | null;
  now: number;
}

/** Queues one rendered message; delivery picks it up from `next_attempt_at` on. */
export async function insertOutboxMessage(db: Db, message: NewOutboxMessage): Promise<string> {
  const { id } = message;
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
      sealed: message.sealed,
    })
    .execute();
  return id;
}

export type OutboxRow = Selectable<OutboxTable>;

export interface ClaimInput {
  now: number;
  /** How long the claim holds; a crashed instance's messages come back after it. */
  leaseMs: number;
  limit: number;
  maxAttempts: number;
}

/**
 * The outbox: messages written in the transaction of the change that causes them, read
 * back by the delivery loop. A claim is one conditional UPDATE: on PostgreSQL its row
 * selection is `FOR UPDATE SKIP LOCKED`, so instances draining together each take other
 * rows and never wait on one another; SQLite runs one writer at a time anyway.
 */
export function createOutboxStore(db: Kysely<Database>, dialect: Dialect) {
  return {
    async claim(input: ClaimInput): Promise<OutboxRow[]> {
      let due = db
        .selectFrom("outbox")
        .select("id")
        .where("sent_at", "is", null)
        .where("attempts", "<", input.maxAttempts)
        .where("next_attempt_at", "<=", input.now)
        .where((eb) =>
          eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<=", input.now)]),
        )
        .orderBy("next_attempt_at")
        .limit(input.limit);
      if (dialect === "postgres") due = due.forUpdate().skipLocked();
      return db
        .updateTable("outbox")
        .set({ claimed_until: input.now + input.leaseMs })
        .where("id", "in", due)
        .returningAll()
        .execute();
    },

    /**
     * Only the holder of the claim marks it: a claim that expired belongs to someone else.
     * The sealed body goes with the delivery: no working link stays behind in the table.
     */
    async markSent(row: OutboxRow, now: number): Promise<void> {
      await db
        .updateTable("outbox")
        .set({
          sent_at: now,
          claimed_until: null,
          last_error: null,
          attempts: row.attempts + 1,
          sealed: null,
        })
        .where("id", "=", row.id)
        .where("claimed_until", "=", row.claimed_until)
        .execute();
    },

    async markFailed(row: OutboxRow, retryAt: number, error: string): Promise<void> {
      await db
        .updateTable("outbox")
        .set({
          attempts: row.attempts + 1,
          next_attempt_at: retryAt,
          claimed_until: null,
          last_error: error.slice(0, 500),
        })
        .where("id", "=", row.id)
        .where("claimed_until", "=", row.claimed_until)
        .execute();
    },

    /**
     * What waits to be delivered, for the management listener's gauges: one aggregate over
     * the undelivered rows (the `outbox_pending` index starts with `sent_at`), messages given
     * up after their last attempt left out.
     */
    async backlog(
      maxAttempts: number,
    ): Promise<{ pending: number; oldestCreatedAt: number | null }> {
      const row = await db
        .selectFrom("outbox")
        .select((eb) => [eb.fn.countAll().as("pending"), eb.fn.min("created_at").as("oldest")])
        .where("sent_at", "is", null)
        .where("attempts", "<", maxAttempts)
        .executeTakeFirstOrThrow();
      return {
        pending: Number(row.pending),
        oldestCreatedAt: row.oldest === null ? null : Number(row.oldest),
      };
    },

    /** The development mailbox: the newest messages first, sent or not. */
    async latest(limit: number): Promise<OutboxRow[]> {
      return db
        .selectFrom("outbox")
        .selectAll()
        .orderBy("created_at", "desc")
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
    },
  };
}

export type OutboxStore = ReturnType<typeof createOutboxStore>;

/** Housekeeping: messages older than `before`, sent or given up, and the dev mailbox's. */
export async function deleteOutboxMessagesBefore(
  db: Kysely<Database>,
  before: number,
): Promise<void> {
  await db.deleteFrom("outbox").where("created_at", "<", before).execute();
}

/** Drops the mail still queued for a user (their account is being deleted). */
export async function deleteOutboxOfUser(db: Db, userId: string): Promise<void> {
  await db.deleteFrom("outbox").where("user_id", "=", userId).execute();
}

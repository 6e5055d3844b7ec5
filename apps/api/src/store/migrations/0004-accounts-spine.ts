import type { Kysely, Migration } from "kysely";

/**
 * What every account feature shares: whether the email is verified, how and when each
 * session last proved a credential (the `auth_time` and `amr` claims) and from where,
 * the per-user security log, and the mail outbox written in the same transaction as the
 * change that causes a message.
 */
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable("users").addColumn("email_verified_at", "bigint").execute();

    await db.schema.alterTable("sessions").addColumn("ip", "text").execute();
    await db.schema.alterTable("sessions").addColumn("auth_time", "bigint").execute();
    await db.schema.alterTable("sessions").addColumn("amr", "text").execute();

    await db.schema
      .createTable("activity_events")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("ip", "text")
      .addColumn("user_agent", "text")
      .execute();
    await db.schema
      .createIndex("activity_events_user_at")
      .on("activity_events")
      .columns(["user_id", "at", "id"])
      .execute();
    await db.schema.createIndex("activity_events_at").on("activity_events").column("at").execute();

    await db.schema
      .createTable("outbox")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("user_id", "text")
      .addColumn("to_address", "text", (c) => c.notNull())
      .addColumn("template", "text", (c) => c.notNull())
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("text", "text", (c) => c.notNull())
      .addColumn("html", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("next_attempt_at", "bigint", (c) => c.notNull())
      .addColumn("claimed_until", "bigint")
      .addColumn("sent_at", "bigint")
      .addColumn("last_error", "text")
      .execute();
    await db.schema
      .createIndex("outbox_pending")
      .on("outbox")
      .columns(["sent_at", "next_attempt_at"])
      .execute();
    await db.schema.createIndex("outbox_user_id").on("outbox").column("user_id").execute();
  },
};

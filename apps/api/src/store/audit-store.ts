import { randomUUID } from "node:crypto";
import type { AuditAction } from "@jwt-auth/shared";
import type { Kysely, Selectable } from "kysely";
import type { Db } from "./db.js";
import type { AdminAuditTable, Database } from "./schema.js";

export type AuditRow = Selectable<AdminAuditTable>;

export interface NewAuditEntry {
  action: AuditAction;
  /** The administrator; id null for the server's shell. */
  actor: { id: string | null; email: string };
  target: { id: string; email: string };
  detail: Record<string, unknown>;
  ip: string | null;
  at: number;
}

/** Writes one line of the audit log; pass the transaction of the action it records. */
export async function recordAudit(db: Db, entry: NewAuditEntry): Promise<void> {
  await db
    .insertInto("admin_audit")
    .values({
      id: randomUUID(),
      at: entry.at,
      action: entry.action,
      actor_id: entry.actor.id,
      actor_email: entry.actor.email,
      target_id: entry.target.id,
      target_email: entry.target.email,
      detail: JSON.stringify(entry.detail),
      ip: entry.ip,
    })
    .execute();
}

/** A page of the log, newest first, strictly older than `before`: keyset paging on (at, id). */
export async function listAudit(
  db: Kysely<Database>,
  page: { before?: { at: number; id: string } | undefined; limit: number },
): Promise<AuditRow[]> {
  let query = db.selectFrom("admin_audit").selectAll();
  const { before } = page;
  if (before) {
    query = query.where((eb) =>
      eb.or([
        eb("at", "<", before.at),
        eb.and([eb("at", "=", before.at), eb("id", "<", before.id)]),
      ]),
    );
  }
  return query.orderBy("at", "desc").orderBy("id", "desc").limit(page.limit).execute();
}

/** Deletes lines older than the retention (AUDIT_RETENTION); returns how many. */
export async function deleteAuditBefore(db: Kysely<Database>, before: number): Promise<number> {
  const result = await db.deleteFrom("admin_audit").where("at", "<", before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

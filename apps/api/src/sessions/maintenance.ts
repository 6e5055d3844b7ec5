import { createLinkTokenStore } from "../store/link-token-store.js";
import { deleteOutboxMessagesBefore } from "../store/outbox-store.js";
import { deleteActivityBefore } from "../store/activity-store.js";
import { deleteAuditBefore } from "../store/audit-store.js";
import { deleteEndedWindows } from "../store/rate-limit-store.js";
import type { Db } from "../store/db.js";
import { deleteExpiredFactorState } from "../store/factor-state-cleanup.js";
import type { SessionStore } from "../store/session-store.js";
import type { RevocationList } from "./revocation-list.js";

// Long past any retry (about two days) and old enough to be of no use in the dev mailbox.
const OUTBOX_RETENTION_MS = 30 * 86_400_000;

/**
 * Housekeeping that keeps the tables and the in-memory list from growing without bound:
 * expired families, revoked families nobody can present any more, spent rate-limit windows,
 * expired link tokens, mail older than a month, activity events and audit lines past their
 * retention.
 */
export async function runMaintenance(deps: {
  sessions: SessionStore;
  revocations: RevocationList;
  db: Db;
  now: number;
  /** How long activity events are kept (ACTIVITY_RETENTION). */
  activityRetentionMs: number;
  /** How long the audit log is kept (AUDIT_RETENTION); kept for ever when not given. */
  auditRetentionMs?: number;
}): Promise<{ sessionsDeleted: number; revocationsPruned: number }> {
  const sessionsDeleted = await deps.sessions.deleteStale(
    deps.now,
    deps.revocations.horizon(deps.now),
  );
  const revocationsPruned = deps.revocations.prune(deps.now);
  await deleteEndedWindows(deps.db, deps.now);
  await createLinkTokenStore().deleteExpired(deps.db, deps.now);
  await deleteOutboxMessagesBefore(deps.db, deps.now - OUTBOX_RETENTION_MS);
  await deleteActivityBefore(deps.db, deps.now - deps.activityRetentionMs);
  if (deps.auditRetentionMs !== undefined) {
    await deleteAuditBefore(deps.db, deps.now - deps.auditRetentionMs);
  }
  await deleteExpiredFactorState(deps.db, deps.now);
  return { sessionsDeleted, revocationsPruned };
}

/** Runs maintenance every `intervalMs` until stopped; a failed run is logged and retried later. */
export function scheduleMaintenance(
  run: () => Promise<unknown>,
  intervalMs: number,
  onError: (err: unknown) => void,
): () => void {
  const timer = setInterval(() => void run().catch(onError), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

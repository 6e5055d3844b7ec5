import type { Kysely } from "kysely";
import { deleteEndedWindows } from "../store/rate-limit-store.js";
import type { Database } from "../store/schema.js";
import type { SessionStore } from "../store/session-store.js";
import type { RevocationList } from "./revocation-list.js";

/**
 * Housekeeping that keeps the tables and the in-memory list from growing without bound:
 * expired families, revoked families nobody can present any more, spent rate-limit windows.
 */
export async function runMaintenance(deps: {
  sessions: SessionStore;
  revocations: RevocationList;
  db: Kysely<Database>;
  now: number;
}): Promise<{ sessionsDeleted: number; revocationsPruned: number }> {
  const sessionsDeleted = await deps.sessions.deleteStale(
    deps.now,
    deps.revocations.horizon(deps.now),
  );
  const revocationsPruned = deps.revocations.prune(deps.now);
  await deleteEndedWindows(deps.db, deps.now);
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

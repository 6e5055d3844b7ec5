import type { AccountExport } from "@jwt-auth/shared";
import { listAllActivity } from "../store/activity-store.js";
import type { Db } from "../store/db.js";
import { listAllSessionsOf } from "../store/session-listings.js";
import type { UserRow } from "../store/user-store.js";
import { toUserProfile } from "../store/user-profile.js";
import { toActivityEvent } from "./activity-log.js";
import { toSessionSummary } from "./list-sessions.js";

/**
 * A section that a later feature adds to the export (second factor status, passkeys,
 * identities): it returns its part, without key material or secrets.
 */
export type ExportSection = (userId: string) => Promise<Partial<AccountExport>>;

/**
 * Everything stored about the user, for them to keep (GDPR article 20). What is left out
 * on purpose: the password hash, refresh-token hashes, factor secrets and keys.
 */
export async function exportAccount(
  deps: { db: Db; exportSections?: readonly ExportSection[]; now: () => number },
  user: UserRow,
): Promise<AccountExport> {
  const [sessions, activity] = await Promise.all([
    listAllSessionsOf(deps.db, user.id),
    listAllActivity(deps.db, user.id),
  ]);
  const extra = await Promise.all((deps.exportSections ?? []).map((section) => section(user.id)));
  return Object.assign(
    {
      exportedAt: new Date(deps.now()).toISOString(),
      profile: toUserProfile(user),
      sessions: sessions.map((row) => {
        const { current: _current, ...session } = toSessionSummary(row, "");
        return session;
      }),
      activity: activity.map(toActivityEvent),
    },
    ...extra,
  );
}

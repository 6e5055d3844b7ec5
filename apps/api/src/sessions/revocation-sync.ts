import type { SessionStore } from "../store/session-store.js";
import type { RevocationFeed, RoleChange } from "../store/revocation-feed.js";
import { RevocationList } from "./revocation-list.js";

/**
 * Keeps this instance's revocation list equal to the store's: loaded at start-up, updated
 * by every event on the feed, and reloaded in full whenever the feed may have missed one.
 */
export async function startRevocationSync(options: {
  sessions: SessionStore;
  feed: RevocationFeed;
  retentionMs: number;
  now: () => number;
  /** Role changes recorded since a time (users.roles_changed_at), for the same reloads. */
  roleChangesSince?: (since: number) => Promise<Array<RoleChange & { at: number }>>;
}): Promise<RevocationList> {
  const list = new RevocationList(options.retentionMs);
  const reload = async () => {
    const horizon = list.horizon(options.now());
    list.merge(await options.sessions.listRevokedSince(horizon));
    for (const change of (await options.roleChangesSince?.(horizon)) ?? []) {
      list.setRoles(change.userId, change.roles, change.at);
    }
  };
  await reload();
  await options.feed.start({
    onEvent: (event) => {
      list.add(event.sessionIds, event.revokedAt);
      for (const change of event.roleChanges ?? []) {
        list.setRoles(change.userId, change.roles, event.revokedAt);
      }
    },
    onResync: reload,
  });
  return list;
}

import type { SessionStore } from "../store/session-store.js";
import type { RevocationFeed } from "../store/revocation-feed.js";
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
}): Promise<RevocationList> {
  const list = new RevocationList(options.retentionMs);
  const reload = async () => {
    list.merge(await options.sessions.listRevokedSince(list.horizon(options.now())));
  };
  await reload();
  await options.feed.start({
    onEvent: (event) => list.add(event.sessionIds, event.revokedAt),
    onResync: reload,
  });
  return list;
}

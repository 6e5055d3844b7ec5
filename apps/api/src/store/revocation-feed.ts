/**
 * How one API instance tells the others that sessions were revoked. A single process
 * needs nothing beyond its own list (`localFeed`), and on SQLite a watch for the writes of
 * another process (`sqliteFeed`); several instances over PostgreSQL use LISTEN/NOTIFY (see
 * store/postgres-revocation-feed.ts).
 */
export interface RevocationEvent {
  sessionIds: string[];
  revokedAt: number;
  /** Users whose roles changed at `revokedAt`, with their roles now (RevocationList.setRoles). */
  roleChanges?: RoleChange[];
}

export interface RoleChange {
  userId: string;
  roles: string[];
}

export interface RevocationFeed {
  publish(event: RevocationEvent): Promise<void>;
  /**
   * `onEvent` gets every revocation published by any instance (this one included);
   * `onResync` is called when messages may have been missed (a reconnect), and must
   * reload the list from the store.
   */
  start(handlers: {
    onEvent: (event: RevocationEvent) => void;
    onResync: () => Promise<void>;
  }): Promise<void>;
  close(): Promise<void>;
}

export function localFeed(): RevocationFeed {
  let onEvent: ((event: RevocationEvent) => void) | undefined;
  return {
    async publish(event) {
      onEvent?.(event);
    },
    async start(handlers) {
      onEvent = handlers.onEvent;
    },
    async close() {
      onEvent = undefined;
    },
  };
}

/**
 * How often a SQLite server looks for another process's writes: a `PRAGMA data_version`,
 * microseconds, four times a second: a lock made with the admin CLI reaches a running
 * server within a quarter of a second.
 */
export const SQLITE_WATCH_MS = 250;

/**
 * The local feed, plus a watch for writes made to the SQLite file by another process: the
 * admin CLI locks a user or takes a role away from its own process, and the server must
 * stop accepting the access tokens that ends. `changedElsewhere` (SQLite's `data_version`)
 * moves only when another connection commits, so looking four times a second costs next
 * to nothing, and a reload of the list (`onResync`) happens only after such a write.
 */
export function sqliteFeed(
  changedElsewhere: () => number,
  options: { everyMs?: number; onError?: (err: unknown) => void } = {},
): RevocationFeed {
  const local = localFeed();
  let timer: NodeJS.Timeout | undefined;
  return {
    publish: (event) => local.publish(event),
    async start(handlers) {
      await local.start(handlers);
      let seen = changedElsewhere();
      let reloading = false;
      timer = setInterval(() => {
        if (reloading) return;
        const now = changedElsewhere();
        if (now === seen) return;
        reloading = true;
        handlers
          .onResync()
          .then(() => {
            // Only once the reload has read them: a failed one is tried again next time.
            seen = now;
          }, options.onError)
          .finally(() => {
            reloading = false;
          });
      }, options.everyMs ?? SQLITE_WATCH_MS);
      timer.unref();
    },
    async close() {
      clearInterval(timer);
      await local.close();
    },
  };
}

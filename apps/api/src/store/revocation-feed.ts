/**
 * How one API instance tells the others that sessions were revoked. A single process
 * needs nothing beyond its own list (`localFeed`); several instances over PostgreSQL
 * use LISTEN/NOTIFY (see store/postgres-revocation-feed.ts).
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

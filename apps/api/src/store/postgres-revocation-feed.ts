import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type pg from "pg";
import type { Logger } from "pino";
import type { RevocationEvent, RevocationFeed } from "./revocation-feed.js";
import { decodeRevocation, encodeRevocation } from "./postgres-notify-payloads.js";
import type { Database } from "./schema.js";

export interface PostgresFeedOptions {
  /** The store's URL: the listener connects with the same settings (search_path included). */
  url: string;
  /** The store itself, whose pool sends the notifications. */
  db: Kysely<Database>;
  logger?: Logger | undefined;
  /** How often the listener proves its connection alive; a silent network drop is caught by it. */
  heartbeatMs?: number;
  /** A full reload now and then, in case a notification was lost after its transaction committed. */
  resyncMs?: number;
  /** Reconnect delays: doubling from the first to the cap, with jitter. */
  backoff?: { firstMs: number; maxMs: number };
}

type Handlers = Parameters<RevocationFeed["start"]>[0];

/**
 * Revocations shared by every instance on one PostgreSQL database through LISTEN/NOTIFY.
 *
 * Each instance holds one dedicated connection (not a pool client: a pool would hand the
 * LISTEN to whoever borrows it next) listening on a channel named after the schema, so
 * two deployments in one database never hear each other. NOTIFY is fire-and-forget:
 * whatever was sent while the listener was away is lost, so every (re)connection is
 * followed by a reload of the list from the sessions table (`onResync`).
 */
export function postgresRevocationFeed(options: PostgresFeedOptions): RevocationFeed {
  const heartbeatMs = options.heartbeatMs ?? 10_000;
  const resyncMs = options.resyncMs ?? 60_000;
  const { firstMs, maxMs } = options.backoff ?? { firstMs: 100, maxMs: 5_000 };
  const log = options.logger;

  let handlers: Handlers | undefined;
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let closed = false;
  let failures = 0;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let resyncTimer: NodeJS.Timeout | undefined;
  /** Events heard while a reload runs: applied again after it, which would otherwise erase them. */
  let heardDuringResync: RevocationEvent[] | undefined;
  let channel: Promise<string> | undefined;
  const channelName = () =>
    (channel ??= channelFor(options.db).catch((err: unknown) => {
      channel = undefined; // not known yet: ask again next time
      throw err;
    }));

  const deliver = (payload: string | undefined) => {
    const event = decodeRevocation(payload);
    if (!event || !handlers) return;
    heardDuringResync?.push(event);
    handlers.onEvent(event);
  };

  const resync = async () => {
    if (!handlers) return;
    const heard: RevocationEvent[] = [];
    heardDuringResync = heard;
    try {
      await handlers.onResync();
    } finally {
      heardDuringResync = undefined;
    }
    for (const event of heard) handlers.onEvent(event);
  };

  const connect = async () => {
    const name = await channelName();
    // pg is loaded only by a process that runs on PostgreSQL (see database.ts).
    const { default: postgres } = await import("pg");
    const candidate = new postgres.Client({
      connectionString: options.url,
      connectionTimeoutMillis: 5_000,
    });
    candidate.on("error", (err) => lost(candidate, err));
    candidate.on("end", () => lost(candidate, new Error("listener connection ended")));
    candidate.on("notification", (message) => {
      if (message.channel === name) deliver(message.payload);
    });
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${quoteIdent(name)}`);
    } catch (err) {
      drop(candidate);
      throw err;
    }
    if (closed) return drop(candidate);
    client = candidate;
    await resync();
    failures = 0;
  };

  const establish = () => {
    connecting = connect().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };

  function lost(which: pg.Client, err: unknown) {
    if (closed || client !== which) return;
    client = undefined;
    drop(which);
    log?.warn({ err }, "revocation listener lost its connection; reconnecting");
    scheduleReconnect();
  }

  function scheduleReconnect() {
    if (closed || reconnectTimer) return;
    const delay = Math.min(maxMs, firstMs * 2 ** failures) * (0.5 + Math.random() / 2);
    failures++;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      establish().then(
        () => {
          if (!closed) log?.info("revocation listener reconnected and resynchronised");
        },
        (err: unknown) => {
          const current = client;
          client = undefined;
          if (current) drop(current);
          if (closed) return;
          log?.warn({ err }, "revocation listener could not reconnect; retrying");
          scheduleReconnect();
        },
      );
    }, delay);
    reconnectTimer.unref();
  }

  const heartbeat = () => {
    const current = client;
    if (!current || connecting) return;
    withTimeout(current.query("select 1"), Math.max(1_000, heartbeatMs)).catch((err: unknown) =>
      lost(current, err),
    );
  };

  const periodicResync = () => {
    if (!client || connecting) return;
    resync().catch((err: unknown) => log?.warn({ err }, "periodic revocation resync failed"));
  };

  return {
    async publish(event) {
      if (event.sessionIds.length === 0 && !event.roleChanges?.length) return;
      const payloads = encodeRevocation(event);
      // One round trip for all chunks; NOTIFY is delivered to listeners in this order.
      await sql`select pg_notify(${await channelName()}, payload) from unnest(${payloads}::text[]) as payload`.execute(
        options.db,
      );
    },

    async start(h) {
      handlers = h;
      await establish();
      heartbeatTimer = setInterval(heartbeat, heartbeatMs);
      heartbeatTimer.unref();
      resyncTimer = setInterval(periodicResync, resyncMs);
      resyncTimer.unref();
    },

    async close() {
      closed = true;
      clearTimeout(reconnectTimer);
      clearInterval(heartbeatTimer);
      clearInterval(resyncTimer);
      await connecting?.catch(() => undefined);
      const current = client;
      client = undefined;
      handlers = undefined;
      if (current) await endGracefully(current);
    },
  };
}

/** Forgets a connection that is broken or unwanted; its late errors are expected and ignored. */
function drop(which: pg.Client): void {
  which.removeAllListeners("notification");
  which.removeAllListeners("end");
  which.removeAllListeners("error");
  which.on("error", () => {});
  which.connection.stream.destroy();
}

/** Says goodbye properly, but does not wait forever for a peer that stopped answering. */
async function endGracefully(which: pg.Client): Promise<void> {
  which.removeAllListeners("notification");
  which.removeAllListeners("end");
  which.removeAllListeners("error");
  which.on("error", () => {});
  await withTimeout(which.end(), 1_000).catch(() => which.connection.stream.destroy());
}

/** Channel names are identifiers (at most 63 bytes): long schema names are hashed. */
async function channelFor(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema ?? "public";
  const name = `jwt_auth_revoked:${schema}`;
  return Buffer.byteLength(name) <= 63
    ? name
    : `jwt_auth_revoked:${createHash("sha256").update(schema).digest("hex").slice(0, 32)}`;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

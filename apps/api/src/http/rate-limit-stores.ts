import type { IncrementResponse, Options, Store } from "express-rate-limit";
import type { RedisStore } from "rate-limit-redis";
import type { Logger } from "pino";
import type { DatabaseHandle } from "../store/database.js";
import {
  decrementWindow,
  deleteWindow,
  findWindow,
  incrementWindow,
} from "../store/rate-limit-store.js";
import type { Db } from "../store/db.js";
import { AppError } from "./app-error.js";
import type { RateLimitName } from "./rate-limits.js";

/**
 * Where the counters of several API instances meet, so that N instances do not grant N
 * budgets: Redis when `REDIS_URL` is set, else the `rate_limits` table when the store is
 * PostgreSQL. A single process on SQLite keeps express-rate-limit's memory store.
 */
export interface SharedRateLimitStores {
  kind: "redis" | "database";
  /** A new store per limiter: express-rate-limit refuses one store shared by two limiters. */
  storeFor: (name: RateLimitName) => Store;
  close(): Promise<void>;
}

export async function openSharedRateLimitStores(options: {
  redisUrl: string | undefined;
  database: DatabaseHandle;
  logger?: Logger | undefined;
  redisPrefix?: string;
  now: () => number;
}): Promise<SharedRateLimitStores | undefined> {
  if (options.redisUrl)
    return redisRateLimitStores(
      options.redisUrl,
      options.redisPrefix ?? "jwt-auth:rl:",
      options.logger,
    );
  if (options.database.dialect === "postgres") {
    const db = options.database.db;
    return {
      kind: "database",
      storeFor: () => new DatabaseRateLimitStore(db, options.now),
      close: async () => {},
    };
  }
  return undefined;
}

/**
 * A fixed window per key in the `rate_limits` table (see store/rate-limit-store.ts), on the
 * app's clock.
 */
export class DatabaseRateLimitStore implements Store {
  readonly localKeys = false;
  #windowMs = 60_000;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  init(options: Options): void {
    this.#windowMs = options.windowMs;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const window = await incrementWindow(this.db, key, this.#windowMs, this.now());
    return { totalHits: window.hits, resetTime: new Date(window.resetAt) };
  }

  async get(key: string): Promise<IncrementResponse | undefined> {
    const window = await findWindow(this.db, key, this.now());
    return window && { totalHits: window.hits, resetTime: new Date(window.resetAt) };
  }

  async decrement(key: string): Promise<void> {
    await decrementWindow(this.db, key, this.now());
  }

  async resetKey(key: string): Promise<void> {
    await deleteWindow(this.db, key);
  }
}

/** Connects before the app starts; fails start-up if Redis does not answer, reconnects for ever after. */
export async function redisRateLimitStores(
  url: string,
  prefix: string,
  logger?: Logger,
): Promise<SharedRateLimitStores> {
  // Loaded only when REDIS_URL is set: a process without Redis never holds the client.
  const [{ createClient }, { RedisStore }] = await Promise.all([
    import("redis"),
    import("rate-limit-redis"),
  ]);
  let connected = false;
  const client = createClient({
    url,
    // A command while Redis is away fails at once (503) instead of hanging the request.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 3_000,
      reconnectStrategy: (retries) =>
        !connected && retries >= 3
          ? new Error("Redis did not answer")
          : Math.min(50 * 2 ** retries, 3_000),
    },
  });
  client.on("error", (err: unknown) => logger?.warn({ err }, "redis connection error"));
  await client.connect();
  connected = true;
  const sendCommand = (...args: string[]) => client.sendCommand(args) as Promise<never>;
  return {
    kind: "redis",
    storeFor: (name) =>
      new FailClosedStore(new RedisStore({ sendCommand, prefix: `${prefix}${name}:` })),
    async close() {
      await client.close().catch(() => client.destroy());
    },
  };
}

/**
 * Wraps a store whose backend may be away: a failure answers 503, never a 500 and never a
 * request let through uncounted. (A PostgreSQL store needs no wrapper: the error handler
 * already answers 503 for a connection failure and 500 for anything else.)
 */
class FailClosedStore implements Store {
  readonly localKeys = false;
  readonly prefix: string | undefined;

  constructor(private readonly inner: RedisStore) {
    this.prefix = inner.prefix;
    // Loaded eagerly by the constructor; a failure surfaces (and is retried) on first use.
    inner.incrementScriptSha.catch(() => undefined);
    inner.getScriptSha.catch(() => undefined);
  }

  init(options: Options): void {
    this.inner.init(options);
  }

  increment(key: string): Promise<IncrementResponse> {
    return unavailableOnError(this.inner.increment(key));
  }

  decrement(key: string): Promise<void> {
    return unavailableOnError(this.inner.decrement(key));
  }

  resetKey(key: string): Promise<void> {
    return unavailableOnError(this.inner.resetKey(key));
  }
}

async function unavailableOnError<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch {
    throw AppError.of("service_unavailable", { headers: { "Retry-After": "5" } });
  }
}

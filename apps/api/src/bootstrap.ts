import type { Logger } from "pino";
import { createApp, type AppDeps } from "./app.js";
import type { KeyRing } from "./auth/key-ring.js";
import { loadKeys } from "./auth/load-keys.js";
import { createPasswordHasher, type PasswordHasher } from "./auth/password-hasher.js";
import type { Config } from "./config/env.js";
import {
  DEFAULT_MAX_ATTEMPTS,
  startMailDelivery,
  type MailDelivery,
} from "./mail/mail-delivery.js";
import { createManagementHandler, type ManagementHandler } from "./metrics/management-handler.js";
import { createMetrics, NO_BACKLOG, noMetrics, type Metrics } from "./metrics/metrics.js";
import { createSmtpMailer } from "./mail/smtp-mailer.js";
import { openSharedRateLimitStores, type SharedRateLimitStores } from "./http/rate-limit-stores.js";
import { runMaintenance, scheduleMaintenance } from "./sessions/maintenance.js";
import { localFeed, sqliteFeed, type RevocationFeed } from "./store/revocation-feed.js";
import { startRevocationSync } from "./sessions/revocation-sync.js";
import { openDatabase, ping, type DatabaseHandle } from "./store/database.js";
import { createOutboxStore } from "./store/outbox-store.js";
import { postgresRevocationFeed } from "./store/postgres-revocation-feed.js";
import { createSessionStore } from "./store/session-store.js";
import { roleChangesSince } from "./store/user-store.js";
import { createProviderRegistry } from "./oidc/provider-registry.js";
import { outboxSealKeyFrom } from "./mail/mail-context.js";
import { backupCodeKeyFrom, rekeyLegacyBackupCodeHash } from "./mfa/backup-codes.js";
import { mfaKeyFrom } from "./mfa/mfa-key.js";
import { rekeyLegacyBackupCodes } from "./store/backup-code-store.js";

export interface Overrides {
  keys?: KeyRing;
  hasher?: PasswordHasher;
  now?: () => number;
  logger?: Logger;
  feed?: (database: DatabaseHandle) => RevocationFeed;
  rateLimits?: AppDeps["rateLimits"];
  extraRoutes?: AppDeps["extraRoutes"];
  /** How often the outbox is polled when SMTP_URL is set; 0 leaves it to `mail.drain()`. */
  mailIntervalMs?: number;
  /** First delay before retrying a provider's failed discovery (tests shorten it). */
  oidcRetryDelayMs?: number;
}

export interface Running {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  /** Runs housekeeping once now (the schedule also runs it every ten minutes). */
  maintain(): ReturnType<typeof runMaintenance>;
  /** The outbox's delivery loop; absent without SMTP_URL (mail stays in the dev mailbox). */
  mail: MailDelivery | undefined;
  /** What the app records for its operators (`noMetrics` without MANAGEMENT_PORT). */
  metrics: Metrics;
  /** The management listener's handler, to serve on MANAGEMENT_PORT; absent without it. */
  management: ManagementHandler | undefined;
  close(): Promise<void>;
}

const MAINTENANCE_INTERVAL_MS = 10 * 60_000;
const MAIL_INTERVAL_MS = 1_000;

/**
 * Everything between a parsed config and a ready app: open and migrate the store, load
 * the keys, load the revocation list and subscribe to the feed, schedule housekeeping.
 * The server and the tests both start here.
 */
export async function bootstrap(config: Config, overrides: Overrides = {}): Promise<Running> {
  const now = overrides.now ?? Date.now;
  const database = await openDatabase(config.databaseUrl, { logger: overrides.logger });
  const feed = (overrides.feed ?? ((handle) => defaultFeed(handle, overrides.logger)))(database);
  let rateLimitStores: SharedRateLimitStores | undefined;
  try {
    if (config.rateLimit) {
      rateLimitStores = await openSharedRateLimitStores({
        redisUrl: config.redisUrl,
        database,
        logger: overrides.logger,
        now,
      });
    }
    const keys = overrides.keys ?? loadKeys(config);
    const hasher = overrides.hasher ?? (await createPasswordHasher());
    // Backup codes stored as a bare SHA-256 by an older version take their keyed form now.
    const backupKey = backupCodeKeyFrom(mfaKeyFrom(config.mfaEncryptionKey, keys));
    await rekeyLegacyBackupCodes(database.db, (stored) =>
      rekeyLegacyBackupCodeHash(backupKey, stored),
    );
    const sessions = createSessionStore(database.db);
    const retentionMs =
      (config.accessTokenTtlSeconds + config.jwt.clockToleranceSeconds + 5) * 1000;
    const revocations = await startRevocationSync({
      sessions,
      feed,
      retentionMs,
      now,
      roleChangesSince: (since) => roleChangesSince(database.db, since),
    });
    const identityProviders = createProviderRegistry({
      providers: config.oidcProviders,
      appUrl: config.appUrl,
      logger: overrides.logger,
      ...(overrides.oidcRetryDelayMs ? { retryDelayMs: overrides.oidcRetryDelayMs } : {}),
    });
    await identityProviders.start();
    const metrics = config.management ? createMetrics() : noMetrics;
    metrics.watchHashQueue(() => hasher.queueLength?.() ?? 0);
    const deps: AppDeps = {
      metrics,
      config,
      database,
      keys,
      hasher,
      revocations,
      feed,
      now,
      identityProviders,
      ...(overrides.logger ? { logger: overrides.logger } : {}),
      ...(overrides.rateLimits || rateLimitStores
        ? {
            rateLimits: {
              ...(rateLimitStores ? { storeFor: rateLimitStores.storeFor } : {}),
              ...overrides.rateLimits,
            },
          }
        : {}),
      ...(overrides.extraRoutes ? { extraRoutes: overrides.extraRoutes } : {}),
    };
    const maintain = () =>
      runMaintenance({
        sessions,
        revocations,
        db: database.db,
        now: now(),
        activityRetentionMs: config.activityRetentionSeconds * 1000,
        auditRetentionMs: config.auditRetentionSeconds * 1000,
      });
    const stopMaintenance = scheduleMaintenance(maintain, MAINTENANCE_INTERVAL_MS, (err) =>
      overrides.logger?.warn({ err }, "maintenance failed; will retry"),
    );
    const app = createApp(deps);
    // With SMTP_URL the outbox is delivered and its backlog watched; without it, it is the
    // development mailbox, whose messages are read there and never sent: nothing waits for a
    // delivery, so the gauges read 0 (and are there for a dashboard all the same).
    const outbox = createOutboxStore(database.db, database.dialect);
    metrics.watchOutbox(
      config.smtpUrl
        ? () => outbox.backlog(DEFAULT_MAX_ATTEMPTS)
        : () => Promise.resolve(NO_BACKLOG),
      now,
    );
    const mail = config.smtpUrl
      ? startMailDelivery({
          outbox,
          sealKey: outboxSealKeyFrom(mfaKeyFrom(config.mfaEncryptionKey, keys)),
          metrics,
          mailer: createSmtpMailer(config.smtpUrl),
          from: config.mailFrom,
          now,
          intervalMs: overrides.mailIntervalMs ?? MAIL_INTERVAL_MS,
          ...(overrides.logger ? { logger: overrides.logger } : {}),
        })
      : undefined;
    return {
      app,
      deps,
      maintain,
      mail,
      metrics,
      management: config.management
        ? createManagementHandler({ metrics, ping: () => ping(database.db) })
        : undefined,
      async close() {
        stopMaintenance();
        // Lets a send in flight finish and be marked, so it is not sent again after a restart.
        await mail?.stop();
        identityProviders.close();
        await feed.close();
        await rateLimitStores?.close();
        await database.close();
      },
    };
  } catch (err) {
    await feed.close();
    await rateLimitStores?.close();
    await database.close();
    throw err;
  }
}

/**
 * Several instances share one PostgreSQL database, so they hear each other's revocations; on
 * SQLite the server watches for what another process (the admin CLI) writes to the file.
 */
function defaultFeed(database: DatabaseHandle, logger: Logger | undefined): RevocationFeed {
  if (database.dialect === "postgres")
    return postgresRevocationFeed({ url: database.url, db: database.db, logger });
  if (database.changedElsewhere)
    return sqliteFeed(database.changedElsewhere, {
      onError: (err) =>
        logger?.error({ err }, "reloading the revocation list after another process wrote failed"),
    });
  return localFeed();
}

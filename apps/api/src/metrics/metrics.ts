import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import type { RequestObserver } from "../http/observe-requests.js";
import { RequestDurations } from "./request-durations.js";
import { timeRequests } from "./time-requests.js";

export const LOGIN_METHODS = ["password", "passkey", "oidc", "mfa"] as const;
export type LoginMethod = (typeof LOGIN_METHODS)[number];
/**
 * `locked`: the credential was right and the account is locked (a wrong one is a `failure`,
 * so a lock is never shown to someone who lacks the credential); `shed`: turned away with a 503.
 */
export const LOGIN_RESULTS = ["success", "failure", "locked", "shed"] as const;
export type LoginResult = (typeof LOGIN_RESULTS)[number];
/** `reuse`: a rotated refresh token came back after the grace window and its session ended. */
export const REFRESH_RESULTS = ["success", "failure", "reuse"] as const;
export type RefreshResult = (typeof REFRESH_RESULTS)[number];
export const DELIVERY_RESULTS = ["sent", "failed"] as const;
export type DeliveryResult = (typeof DELIVERY_RESULTS)[number];

/** The undelivered mail, read at each scrape. */
export interface OutboxBacklog {
  pending: number;
  /** `created_at` of the oldest undelivered message (ms), or null when there is none. */
  oldestCreatedAt: number | null;
}

/** An outbox nothing waits in. */
export const NO_BACKLOG: OutboxBacklog = { pending: 0, oldestCreatedAt: null };

/**
 * What the app tells its operators, recorded where the decision is made (the login paths,
 * the refresh, the outbox delivery, the hashing slots). No label ever holds anything a
 * client sent or an account's data: every label value comes from the fixed sets above, a
 * route pattern, a method from a fixed list or a status code.
 */
export interface Metrics {
  login(method: LoginMethod, result: LoginResult): void;
  refresh(result: RefreshResult): void;
  sessionsRevoked(count: number): void;
  mailDelivery(result: DeliveryResult): void;
  /** Times each request by its route pattern; undefined when nothing is collected. */
  timeRequests: RequestObserver | undefined;
  /** Reads the outbox's backlog at each scrape. */
  watchOutbox(read: () => Promise<OutboxBacklog>, now: () => number): void;
  /** Reads the hashing queue's length at each scrape. */
  watchHashQueue(length: () => number): void;
  /** The Prometheus text exposition. */
  exposition(): Promise<{ contentType: string; body: string }>;
}

const nothing = () => undefined;

/** Without MANAGEMENT_PORT: every call is an empty function and no request is timed. */
export const noMetrics: Metrics = {
  login: nothing,
  refresh: nothing,
  sessionsRevoked: nothing,
  mailDelivery: nothing,
  timeRequests: undefined,
  watchOutbox: nothing,
  watchHashQueue: nothing,
  exposition: () => Promise.resolve({ contentType: "text/plain", body: "" }),
};

/** From about the cost of a protected request (~1 ms) to a stuck one. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * A registry of its own per app (tests build several apps in one process), with Node's
 * process metrics. Every labelled series starts at 0, so `rate()` and `increase()` see the
 * first event after a restart instead of a series that appears already at 1.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const logins = new Counter({
    name: "auth_logins_total",
    help: "Login attempts by how the user proved who they are and how it ended",
    labelNames: ["method", "result"] as const,
    registers,
  });
  for (const method of LOGIN_METHODS)
    for (const result of LOGIN_RESULTS) logins.inc({ method, result }, 0);

  const refreshes = new Counter({
    name: "auth_refreshes_total",
    help: "Refresh token exchanges by outcome",
    labelNames: ["result"] as const,
    registers,
  });
  for (const result of REFRESH_RESULTS) refreshes.inc({ result }, 0);

  const reuses = new Counter({
    name: "auth_refresh_reuse_total",
    help: "Rotated refresh tokens presented after the grace window (each ended its session)",
    registers,
  });
  const revoked = new Counter({
    name: "auth_sessions_revoked_total",
    help: "Sessions ended before their time: logouts, revocations, refresh reuse",
    registers,
  });
  const deliveries = new Counter({
    name: "mail_deliveries_total",
    help: "Attempts to hand a message of the outbox to the SMTP server",
    labelNames: ["result"] as const,
    registers,
  });
  for (const result of DELIVERY_RESULTS) deliveries.inc({ result }, 0);

  // Outside the registry: it writes its own exposition (see request-durations.ts).
  const durations = new RequestDurations(
    "http_request_duration_seconds",
    "Time to answer a request of the public port, by route pattern",
    DURATION_BUCKETS,
  );

  return {
    login: (method, result) => logins.inc({ method, result }),
    refresh(result) {
      refreshes.inc({ result });
      if (result === "reuse") reuses.inc();
    },
    sessionsRevoked: (count) => revoked.inc(count),
    mailDelivery: (result) => deliveries.inc({ result }),
    timeRequests: timeRequests(durations),
    watchOutbox(read, now) {
      // Both gauges are set from one query per scrape: the scrape collects them together.
      let reading: Promise<OutboxBacklog | undefined> | undefined;
      const backlog = () =>
        (reading ??= read()
          // A store that does not answer leaves the last values; /health/ready says why.
          .catch(() => undefined)
          .finally(() => (reading = undefined)));
      new Gauge({
        name: "mail_outbox_pending",
        help: "Messages in the outbox not delivered yet (retries included)",
        registers,
        async collect() {
          const read = await backlog();
          if (read) this.set(read.pending);
        },
      });
      new Gauge({
        name: "mail_outbox_oldest_age_seconds",
        help: "Age of the oldest undelivered message, 0 when none waits",
        registers,
        async collect() {
          const read = await backlog();
          if (read)
            this.set(
              read.oldestCreatedAt === null
                ? 0
                : Math.max(0, (now() - read.oldestCreatedAt) / 1000),
            );
        },
      });
    },
    watchHashQueue(length) {
      new Gauge({
        name: "password_hash_queue_length",
        help: "Password hashes waiting for a free hashing slot",
        registers,
        collect() {
          this.set(length());
        },
      });
    },
    async exposition() {
      const body = `${await registry.metrics()}\n${durations.exposition()}`;
      return { contentType: registry.contentType, body };
    },
  };
}

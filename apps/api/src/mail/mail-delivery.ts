import type { Logger } from "pino";
import type { Metrics } from "../metrics/metrics.js";
import type { OutboxRow, OutboxStore } from "../store/outbox-store.js";
import type { Mailer } from "./mailer.js";
import { openedRow } from "./outbox-seal.js";
import { retryDelayMs } from "./retry-delay.js";

export interface MailDeliveryOptions {
  outbox: OutboxStore;
  /** Opens the messages' sealed links (mail-context.ts). */
  sealKey: Buffer;
  mailer: Mailer;
  from: string;
  now: () => number;
  logger?: Logger;
  /** Counts each attempt's outcome. */
  metrics?: Pick<Metrics, "mailDelivery">;
  /** How often the outbox is polled; 0 runs no timer (tests call `drain`). */
  intervalMs?: number;
  batchSize?: number;
  leaseMs?: number;
  maxAttempts?: number;
}

export interface DrainResult {
  sent: number;
  failed: number;
}

export interface MailDelivery {
  /** Sends what is due now, once; concurrent calls share one pass. */
  drain(): Promise<DrainResult>;
  /** Stops polling and waits for the pass in flight, so no claim is left half done. */
  stop(): Promise<void>;
}

// The SMTP timeouts (smtp-mailer.ts) end a send long before its claim expires.
const DEFAULT_LEASE_MS = 2 * 60_000;
// With the delays of retry-delay.ts, about two days of trying before a message is given up.
export const DEFAULT_MAX_ATTEMPTS = 60;

/**
 * The outbox's delivery loop: claim the due messages, send each, mark it sent or schedule
 * its retry with a growing delay. A message is only ever marked by the instance whose
 * claim still holds it, so a failing SMTP server delays mail but never loses it, and two
 * instances never send one message twice.
 */
export function startMailDelivery(options: MailDeliveryOptions): MailDelivery {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const batchSize = options.batchSize ?? 20;
  let inFlight: Promise<DrainResult> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const sendOne = async (row: OutboxRow): Promise<boolean> => {
    try {
      const message = openedRow(options.sealKey, row);
      await options.mailer.send({
        id: row.id,
        from: options.from,
        to: row.to_address,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
    } catch (err) {
      options.metrics?.mailDelivery("failed");
      const attempt = row.attempts + 1;
      const message = err instanceof Error ? err.message : String(err);
      await options.outbox.markFailed(row, options.now() + retryDelayMs(attempt), message);
      options.logger?.warn(
        { outboxId: row.id, attempt, err: message },
        attempt >= maxAttempts
          ? "mail given up after its last attempt"
          : "mail not sent; will retry",
      );
      return false;
    }
    options.metrics?.mailDelivery("sent");
    await options.outbox.markSent(row, options.now());
    return true;
  };

  const pass = async (): Promise<DrainResult> => {
    const result = { sent: 0, failed: 0 };
    for (;;) {
      const rows = await options.outbox.claim({
        now: options.now(),
        leaseMs,
        limit: batchSize,
        maxAttempts,
      });
      if (rows.length === 0) return result;
      const outcomes = await Promise.all(rows.map(sendOne));
      for (const ok of outcomes) result[ok ? "sent" : "failed"] += 1;
      if (stopped || outcomes.some((ok) => !ok)) return result;
    }
  };

  const drain = () => {
    inFlight ??= pass().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  const schedule = (intervalMs: number) => {
    timer = setTimeout(() => {
      drain()
        .catch((err: unknown) => options.logger?.warn({ err }, "mail delivery failed; will retry"))
        .finally(() => {
          if (!stopped) schedule(intervalMs);
        });
    }, intervalMs);
    timer.unref();
  };
  if (options.intervalMs) schedule(options.intervalMs);

  return {
    drain,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight?.catch(() => undefined);
      options.mailer.close();
    },
  };
}

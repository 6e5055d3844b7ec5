const FIRST_RETRY_MS = 30_000;
const LONGEST_WAIT_MS = 60 * 60_000;

/**
 * How long to wait after a failed attempt (1-based): 30 s, doubling up to an hour. An SMTP
 * server that is down for a while is asked again soon after it is back, without the
 * outbox hammering it meanwhile.
 */
export function retryDelayMs(attempt: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1), LONGEST_WAIT_MS);
}

export interface WaitOptions {
  /** What is waited for, in the error when it does not come. */
  what: string;
  timeoutMs?: number;
  everyMs?: number;
  /** Says why waiting is pointless (a server that exited), or undefined to go on. */
  gone?: () => string | undefined;
}

/**
 * Polls `probe` until it returns a value other than undefined (or false), and returns that
 * value: a test waits for a condition, never for a guessed time. Fails with `what` once
 * `timeoutMs` has passed, or at once when `gone` says there is nothing left to wait for.
 */
export async function waitUntil<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { what, timeoutMs = 5_000, everyMs = 25, gone = () => undefined }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    const reason = gone();
    if (reason !== undefined) throw new Error(`${what}: ${reason}`);
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

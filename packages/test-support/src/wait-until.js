// Plain JavaScript (typed by JSDoc): scripts/test-services imports it from this source before
// anything is built, to wait for the PostgreSQL and Redis it starts.

/**
 * @typedef {object} WaitOptions
 * @property {string} what What is waited for, in the error when it does not come.
 * @property {number} [timeoutMs]
 * @property {number} [everyMs]
 * @property {() => string | undefined} [gone] Says why waiting is pointless (a server that
 *   exited), or undefined to go on.
 */

/**
 * Polls `probe` until it returns a value other than undefined (or false), and returns that
 * value: a test waits for a condition, never for a guessed time. Fails with `what` once
 * `timeoutMs` has passed, or at once when `gone` says there is nothing left to wait for.
 * @template T
 * @param {() => T | undefined | false | Promise<T | undefined | false>} probe
 * @param {WaitOptions} options
 * @returns {Promise<T>}
 */
export async function waitUntil(
  probe,
  { what, timeoutMs = 5_000, everyMs = 25, gone = () => undefined },
) {
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

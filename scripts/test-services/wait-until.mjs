/**
 * Polls `check` until it returns true. Gives up when `exited` says the server process is
 * gone (no point waiting for a dead server) or after `timeoutMs`, with `what` in the error.
 * @param {() => Promise<boolean>} check
 * @param {{ what: string, timeoutMs?: number, exited?: () => string | undefined }} options
 */
export async function waitUntil(check, { what, timeoutMs = 60_000, exited = () => undefined }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    const gone = exited();
    if (gone) throw new Error(`${what}: the server exited (${gone})`);
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

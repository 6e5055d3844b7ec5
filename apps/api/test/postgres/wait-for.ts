import { waitUntil } from "@jwt-auth/test-support";

/**
 * Polls a condition instead of sleeping for a guessed time: resolves as soon as it holds,
 * fails with a clear message if it has not within `timeoutMs`.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  {
    timeoutMs = 5_000,
    intervalMs = 20,
    what = "condition",
  }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<number> {
  const start = Date.now();
  await waitUntil(condition, { what, timeoutMs, everyMs: intervalMs });
  return Date.now() - start;
}

/** The opposite check: a condition that must keep holding for a while (e.g. "nothing reconnects"). */
export async function holdsFor(
  condition: () => boolean | Promise<boolean>,
  ms: number,
  what = "condition",
): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (!(await condition()))
      throw new Error(`${what} stopped holding after ${Date.now() - start} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

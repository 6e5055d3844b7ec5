/**
 * Proactive refresh: renews the access token shortly before it expires, while the app is
 * open, so a user rarely meets a 401 at all. The response interceptor stays the safety
 * net for what timers miss (a laptop that slept, a throttled background tab).
 */
import { readClaims } from "./jwt-claims";
import { getToken, subscribeToken } from "./token-storage";

/** How long before expiry a normal token is renewed. */
export const REFRESH_LEAD_MS = 30_000;
/** Short-lived tokens are renewed at this fraction of their lifetime instead. */
export const SHORT_TOKEN_REFRESH_AT = 0.8;
/** Never sooner than this, so a server handing out near-expired tokens cannot cause a storm. */
export const MIN_REFRESH_DELAY_MS = 5_000;
// setTimeout overflows above 2^31 - 1 ms and would fire at once.
const MAX_DELAY_MS = 2 ** 31 - 1;

/** Milliseconds from `nowMs` (a time on the server's clock) until the token should be renewed. */
export function refreshDelayMs(claims: { iat?: number | undefined; exp: number }, nowMs: number) {
  const expiresAt = claims.exp * 1000;
  const lifetime = claims.iat === undefined ? Infinity : expiresAt - claims.iat * 1000;
  const lead = Math.min(REFRESH_LEAD_MS, lifetime * (1 - SHORT_TOKEN_REFRESH_AT));
  return Math.min(Math.max(expiresAt - lead - nowMs, MIN_REFRESH_DELAY_MS), MAX_DELAY_MS);
}

/**
 * Keeps one timer armed for the current token, re-armed whenever the token changes (in
 * this tab or another) and disarmed when it is cleared. Returns the function that stops it.
 */
export function startRefreshScheduler(refresh: () => Promise<unknown>): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;

  function arm(token: string | null, justIssued: boolean): void {
    clearTimeout(timer);
    timer = undefined;
    const claims = token === null ? null : readClaims(token);
    if (claims?.exp === undefined) return;
    // A token that just arrived was issued just now, so its `iat` is the server's clock:
    // counting from it makes a wrong client clock harmless. A token found in storage at
    // start-up has no such anchor, and the client clock is the best guess.
    const now = justIssued && claims.iat !== undefined ? claims.iat * 1000 : Date.now();
    const delay = refreshDelayMs({ iat: claims.iat, exp: claims.exp }, now);
    timer = setTimeout(() => {
      timer = undefined;
      // A failure is not lost: the interceptor retries on the next 401, and a refresh the
      // server refused has already cleared the token.
      refresh().catch(() => undefined);
    }, delay);
  }

  arm(getToken(), false);
  const unsubscribe = subscribeToken((token) => arm(token, true));
  return () => {
    unsubscribe();
    clearTimeout(timer);
  };
}

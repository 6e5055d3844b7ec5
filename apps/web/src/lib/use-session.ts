import { useSyncExternalStore } from "react";
import { readClaims, type TokenClaims } from "./jwt-claims";
import { getToken, subscribeToken } from "./token-storage";

/**
 * The access token as React state: every component using it re-renders when the token
 * changes, in this tab or another. Having a token is what "logged in" means to the UI;
 * whether it is still valid is the API's call, and the interceptor handles the answer.
 */
export function useAccessToken(): string | null {
  return useSyncExternalStore(subscribeToken, getToken, () => null);
}

/** The user id of the current token, to notice another tab logging in as someone else. */
export function useSessionUserId(): string | null {
  const token = useAccessToken();
  return token === null ? null : (readClaims(token)?.sub ?? null);
}

/** False when the current token says the account's email is not verified yet. */
export function useEmailVerified(): boolean | null {
  const token = useAccessToken();
  return token === null ? null : (readClaims(token)?.emailVerified ?? null);
}

/** The claims of the current token (unverified: for display only), or null when logged out. */
export function useSessionClaims(): TokenClaims | null {
  const token = useAccessToken();
  return token === null ? null : readClaims(token);
}

/** Whether the current token claims the admin role (display only: the API decides). */
export function useIsAdmin(): boolean {
  const token = useAccessToken();
  return token !== null && (readClaims(token)?.roles.includes("admin") ?? false);
}

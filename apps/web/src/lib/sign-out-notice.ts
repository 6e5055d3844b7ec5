/**
 * Why this browser is no longer signed in, when the user did not ask for it: the server
 * ended the session (revoked from another device, signed out everywhere, refresh
 * refused) or the account was deleted. The login page shows it; a new login forgets it.
 */
export const SESSION_ENDED_NOTICE =
  "Your session was ended, from another device or by a security change. Log in again to continue.";

let notice: string | null = null;
const listeners = new Set<() => void>();

function set(value: string | null): void {
  if (notice === value) return;
  notice = value;
  for (const listener of [...listeners]) listener();
}

export function showSignOutNotice(message: string): void {
  set(message);
}

export function forgetSignOutNotice(): void {
  set(null);
}

export function signOutNotice(): string | null {
  return notice;
}

export function subscribeSignOutNotice(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The only module that touches localStorage. The access token is kept as the bare JWT
 * string under one key, so every tab of the app shares it; other tabs learn about a
 * change through the `storage` event, which this module turns into the same
 * notification a change in this tab produces. Callers never see the event itself.
 */

export const TOKEN_STORAGE_KEY = "accessToken";

type Listener = (token: string | null) => void;

const listeners = new Set<Listener>();

// Used only once localStorage has thrown (storage disabled, some privacy modes): the app
// still works for the life of the tab instead of failing to log in.
let memoryOnly = false;
let memoryToken: string | null = null;

export function getToken(): string | null {
  if (!memoryOnly) {
    try {
      return window.localStorage.getItem(TOKEN_STORAGE_KEY);
    } catch {
      memoryOnly = true;
    }
  }
  return memoryToken;
}

function write(token: string | null): void {
  const previous = getToken();
  memoryToken = token;
  if (!memoryOnly) {
    try {
      if (token === null) window.localStorage.removeItem(TOKEN_STORAGE_KEY);
      else window.localStorage.setItem(TOKEN_STORAGE_KEY, token);
    } catch {
      memoryOnly = true;
    }
  }
  if (getToken() !== previous) notify();
}

export function setToken(token: string): void {
  if (token.length === 0) throw new Error("Refusing to store an empty access token");
  write(token);
}

export function clearToken(): void {
  write(null);
}

function notify(): void {
  const token = getToken();
  for (const listener of [...listeners]) listener(token);
}

function onStorage(event: StorageEvent): void {
  // `key` is null when another tab called localStorage.clear().
  if (event.key !== TOKEN_STORAGE_KEY && event.key !== null) return;
  if (memoryOnly || event.storageArea !== window.localStorage) return;
  notify();
}

/**
 * Calls `listener` with the current token whenever it changes, in this tab or another.
 * Returns the unsubscribe function (the shape `useSyncExternalStore` expects).
 */
export function subscribeToken(listener: Listener): () => void {
  if (listeners.size === 0) window.addEventListener("storage", onStorage);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener("storage", onStorage);
  };
}

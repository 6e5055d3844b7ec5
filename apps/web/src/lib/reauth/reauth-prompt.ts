/**
 * The bridge between the HTTP layer and the re-authentication dialog. The axios
 * interceptor asks for a step-up when a call answers `reauthentication_required`; the
 * dialog (mounted by the app only while a request is open) settles it. Concurrent calls
 * that need it share one request, so the user is asked once.
 */

export interface ReauthRequest {
  /** The dialog calls this after the API accepted the password and the new token is stored. */
  confirm: () => void;
  /** The user gave up: every waiting call fails with its original error. */
  cancel: () => void;
}

type Listener = () => void;

let open: ReauthRequest | null = null;
let pending: Promise<void> | null = null;
const listeners = new Set<Listener>();

function publish(request: ReauthRequest | null): void {
  open = request;
  for (const listener of [...listeners]) listener();
}

/** Resolves once the user re-authenticated; rejects when they cancel. */
export function requestReauthentication(): Promise<void> {
  pending ??= new Promise<void>((resolve, reject) => {
    const settle = (outcome: () => void) => () => {
      pending = null;
      publish(null);
      outcome();
    };
    publish({
      confirm: settle(resolve),
      cancel: settle(() => reject(new Error("Re-authentication cancelled"))),
    });
  });
  return pending;
}

export function currentReauthRequest(): ReauthRequest | null {
  return open;
}

export function subscribeReauth(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

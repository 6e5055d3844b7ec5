/**
 * Where the access token meets HTTP. The request side attaches `Authorization: Bearer`
 * from token storage; the response side turns a 401 from a protected endpoint (an expired,
 * unreadable or revoked token) into one refresh (single flight: every request that fails
 * meanwhile awaits the same promise) and one retry per request: a live refresh cookie can
 * save a session whose stored token is junk. A newer token another tab stored meanwhile is
 * tried first, once, without using up that refresh. When the session cannot be saved it clears the
 * token and says why (see sign-out-notice.ts); the app reacts to that (RequireAuth sends the
 * user to the login page and remembers where they were), so this module never navigates
 * and never reloads the page.
 *
 * A 401 `reauthentication_required` (a "fresh" route and a sign-in that is too old) opens
 * the re-authentication dialog and retries the call once after it succeeds: the one place
 * where step-up happens, so no form handles it on its own.
 */
import {
  apiPaths,
  ProblemDetails,
  type AuthResponse,
  type ErrorCode,
  SessionEndReason,
} from "@jwt-auth/shared";
import { isAxiosError, type AxiosInstance, type InternalAxiosRequestConfig } from "axios";
import { requestReauthentication } from "./reauth/reauth-prompt";
import {
  lockedMessage,
  showSignOutNotice,
  showSignOutReason,
  signOutReason,
} from "./sign-out-notice";
import { clearToken, getToken, setToken } from "./token-storage";

declare module "axios" {
  interface AxiosRequestConfig {
    /** Set on the one retry with a newer token another tab stored meanwhile. */
    retriedWithNewer?: boolean;
    /** Set on the one retry after a refresh, so a request never refreshes twice. */
    retriedAfterRefresh?: boolean;
    /** Set on the one retry after a re-authentication. */
    reauthRetried?: boolean;
  }
}

// Credentials travel in their bodies or in the refresh cookie: a stale bearer has no business there.
const NO_BEARER = new Set<string>([apiPaths.login, apiPaths.register, apiPaths.refresh]);
// Their 401 means "wrong credentials" or "no session", never "refresh and try again".
const NO_REFRESH = new Set<string>([...NO_BEARER, apiPaths.logout]);
const SESSION_CODES = new Set<ErrorCode>([
  "token_missing",
  "token_invalid",
  "token_expired",
  "token_revoked",
]);

/** The path of a request to our own origin, or null for anything else (never send it the token). */
function ownPath(http: AxiosInstance, config: InternalAxiosRequestConfig): string | null {
  const url = new URL(http.getUri(config), window.location.origin);
  return url.origin === window.location.origin ? url.pathname : null;
}

function sentToken(config: InternalAxiosRequestConfig): string | null {
  const header = config.headers.get("Authorization");
  return typeof header === "string" && header.startsWith("Bearer ") ? header.slice(7) : null;
}

function problemCode(data: unknown): ErrorCode | null {
  const problem = ProblemDetails.safeParse(data);
  return problem.success ? problem.data.code : null;
}

/** Why the server ended the session, from a refused refresh's problem (absent when it did not say). */
function endReason(error: unknown): SessionEndReason | undefined {
  if (!isAxiosError(error)) return undefined;
  const problem = ProblemDetails.safeParse(error.response?.data);
  if (!problem.success) return undefined;
  const reason = SessionEndReason.safeParse(problem.data.reason);
  return reason.success ? reason.data : undefined;
}

/** The administrator's reason and end of a lock, from a refresh refused with `account_locked`. */
function lockOf(error: unknown): { reason?: string; until?: string | null } | undefined {
  if (!isAxiosError(error)) return undefined;
  const problem = ProblemDetails.safeParse(error.response?.data);
  if (!problem.success || problem.data.code !== "account_locked") return undefined;
  return { reason: problem.data.reason, until: problem.data.until };
}

/** A refresh the server refused (as opposed to a network error, a 5xx or a rate limit). */
function refusedByServer(error: unknown): boolean {
  const status = isAxiosError(error) ? error.response?.status : undefined;
  return status !== undefined && status >= 400 && status < 500 && status !== 429;
}

export function installAuthInterceptors(http: AxiosInstance): {
  refreshSession: (trigger?: ErrorCode) => Promise<string>;
} {
  let inFlight: Promise<string> | null = null;

  /** `trigger`: the code of the 401 that asked for it, to say why if the session is over. */
  function refreshSession(trigger?: ErrorCode): Promise<string> {
    inFlight ??= (async () => {
      const before = getToken();
      try {
        const { data } = await http.post<AuthResponse>(apiPaths.refresh);
        const now = getToken();
        // Logged out (or in again, in another tab) while the refresh was on the wire:
        // storing this token would resurrect a session the user just ended.
        if (now !== before) {
          if (now === null) throw new Error("The session ended during the refresh");
          return now;
        }
        setToken(data.accessToken);
        return data.accessToken;
      } catch (error) {
        if (refusedByServer(error) && getToken() === before && before !== null) {
          const lock = lockOf(error);
          if (lock) showSignOutNotice(lockedMessage(lock.reason, lock.until));
          else showSignOutReason(signOutReason(endReason(error), trigger));
          clearToken();
        }
        throw error;
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  }

  http.interceptors.request.use((config) => {
    const path = ownPath(http, config);
    const token = getToken();
    if (path !== null && !NO_BEARER.has(path) && token !== null) {
      config.headers.set("Authorization", `Bearer ${token}`);
    } else {
      // A retried request may still carry the header of a token that is gone.
      config.headers.delete("Authorization");
    }
    return config;
  });

  http.interceptors.response.use(undefined, async (error: unknown) => {
    if (!isAxiosError(error) || !error.config || error.response?.status !== 401) throw error;
    const config = error.config;
    const path = ownPath(http, config);
    const code = problemCode(error.response.data);
    if (code === "reauthentication_required" && path !== null && !config.reauthRetried) {
      try {
        await requestReauthentication();
      } catch {
        throw error;
      }
      config.reauthRetried = true;
      return http.request(config);
    }
    if (path === null || NO_REFRESH.has(path) || code === null || !SESSION_CODES.has(code)) {
      // e.g. `invalid_credentials` for a wrong current password: not a session problem.
      throw error;
    }

    const sent = sentToken(config);
    const current = getToken();
    if (current !== null && current !== sent && !config.retriedWithNewer) {
      // Another tab (or a refresh that finished meanwhile) already holds a newer token. That
      // retry does not use up the refresh: the newer token may have expired by now too.
      config.retriedWithNewer = true;
      return http.request(config);
    }
    // Expired, unreadable (junk or forged) or revoked: one refresh, since the cookie may
    // still hold a live session; when it is refused, refreshSession says why and clears.
    if (current !== null && current === sent && !config.retriedAfterRefresh) {
      if (code !== "token_missing") {
        try {
          await refreshSession(code);
        } catch {
          throw error;
        }
        config.retriedAfterRefresh = true;
        return http.request(config);
      }
    }
    // Still refused after the retry: this session is over. Only clear the token that
    // failed, never one another tab stored in the meantime.
    if (current === sent) {
      if (sent !== null) showSignOutReason(signOutReason(undefined, code));
      clearToken();
    }
    throw error;
  });

  return { refreshSession };
}

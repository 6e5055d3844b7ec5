/**
 * Where to go after logging in. RequireAuth stores the page the user asked for in the
 * router's location state; it is only ever followed when it is a path inside this app, so
 * nothing can turn the login page into an open redirect.
 */
import { paths } from "../../lib/paths";

export interface ReturnState {
  from: string;
}

export function isSafeReturnPath(value: unknown): value is string {
  // "//host" and "/\host" are read by browsers as another origin.
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//")) return false;
  if (value.includes("\\") || /\p{Cc}/u.test(value)) return false;
  const url = new URL(value, window.location.origin);
  if (url.origin !== window.location.origin) return false;
  // Back to a guest-only page would bounce straight off it.
  return url.pathname !== paths.login && url.pathname !== paths.register;
}

export function returnPath(state: unknown): string {
  const from =
    typeof state === "object" && state !== null ? (state as Partial<ReturnState>).from : undefined;
  return isSafeReturnPath(from) ? from : paths.profile;
}

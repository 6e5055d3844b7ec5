import type { SessionSummary } from "@jwt-auth/shared";

/** "Firefox 128 on Linux", or the best we can say when the user agent told us little. */
export function deviceName(session: Pick<SessionSummary, "browser" | "os">): string {
  if (session.browser && session.os) return `${session.browser} on ${session.os}`;
  return session.browser ?? session.os ?? "Unknown device";
}

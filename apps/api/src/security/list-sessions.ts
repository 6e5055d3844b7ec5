import type { SessionList, SessionSummary } from "@jwt-auth/shared";
import type { SessionView } from "../store/session-listings.js";
import { describeUserAgent } from "./describe-user-agent.js";

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * How a session signed in, from its RFC 8176 `amr` (as stored, JSON): `fed` a provider,
 * `hwk`/`swk` a passkey, anything else (`pwd`, with or without `otp`) a password.
 */
export function signInMethodOf(amr: string | null): SessionSummary["signInMethod"] {
  const methods = amr ? (JSON.parse(amr) as string[]) : [];
  if (methods.includes("fed")) return "provider";
  if (methods.includes("hwk") || methods.includes("swk")) return "passkey";
  return "password";
}

/** A session row as the security page shows it, browser and OS parsed from the user agent. */
export function toSessionSummary(row: SessionView, currentSessionId: string): SessionSummary {
  return {
    id: row.id,
    current: row.id === currentSessionId,
    createdAt: iso(row.created_at),
    lastUsedAt: iso(row.last_used_at),
    expiresAt: iso(row.expires_at),
    ip: row.ip,
    userAgent: row.user_agent,
    ...describeUserAgent(row.user_agent),
    signInMethod: signInMethodOf(row.amr),
  };
}

/** The user's live sessions, most recently used first, the caller's own marked `current`. */
export async function listSessions(
  deps: { listLive: (userId: string, now: number) => Promise<SessionView[]>; now: () => number },
  user: { id: string; sid: string },
): Promise<SessionList> {
  const rows = await deps.listLive(user.id, deps.now());
  return { sessions: rows.map((row) => toSessionSummary(row, user.sid)) };
}

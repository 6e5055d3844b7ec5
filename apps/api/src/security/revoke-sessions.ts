import type { CredentialEvents } from "../credentials/credential-events.js";
import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import type { SessionService } from "../sessions/session-service.js";

interface RevokeDeps {
  sessions: SessionService;
  credentials: CredentialEvents;
}

/**
 * Ends one of the caller's sessions from the security page. The session service revokes
 * it at once on every instance and writes the `session_revoked` event in the same
 * transaction. Anything but a live session of this user is `not_found`, never `403`: the
 * answer must not tell whether another user's session id exists.
 */
export async function revokeSession(
  deps: RevokeDeps,
  user: { id: string; sid: string },
  sessionId: string,
  context: RequestContext,
): Promise<void> {
  const ended = await deps.sessions.endSession(user.id, sessionId, "revoked", {
    type: "session_revoked",
    ...context,
  });
  if (!ended) throw new DomainError("not_found", "No live session of yours has this id");
}

/**
 * "Sign out other devices": a credential event. Every session but the caller's ends, and
 * with them every pending reset or email-change link and waiting second step.
 */
export async function revokeOtherSessions(
  deps: RevokeDeps,
  user: { id: string; sid: string },
  context: RequestContext,
): Promise<void> {
  await deps.credentials.commit("other_sessions_revoked", {
    userId: user.id,
    sessionId: user.sid,
    context,
  });
}

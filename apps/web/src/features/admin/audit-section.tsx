import type { AuditEvent } from "@jwt-auth/shared";
import { useEffect, useState } from "react";
import { describeFailure } from "../../lib/problem-message";
import { fetchAudit } from "./admin-api";

const ACTIONS: Record<AuditEvent["action"], string> = {
  account_locked: "locked",
  account_unlocked: "unlocked",
  sessions_revoked: "signed out everywhere",
  mfa_reset: "reset two-factor authentication of",
  password_reset_sent: "sent a password reset to",
  roles_changed: "changed the roles of",
  user_deleted: "deleted",
};

/** One line of the log: "admin@example.com locked user@example.com (reason)". */
function describe(event: AuditEvent): string {
  const reason = typeof event.detail.reason === "string" ? ` (“${event.detail.reason}”)` : "";
  const roles = Array.isArray(event.detail.after) ? ` to ${event.detail.after.join(", ")}` : "";
  return `${event.actor.email} ${ACTIONS[event.action]} ${event.target.email}${roles}${reason}`;
}

/** Every administrator's action, newest first, one page at a time. */
export function AuditSection() {
  const [before, setBefore] = useState<string | undefined>(undefined);
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetchAudit(before, controller.signal).then(
      (page) => {
        setEvents((previous) => (before ? [...previous, ...page.events] : page.events));
        setNext(page.next);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(describeFailure(failure).message ?? "We could not load the audit log.");
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [before]);

  return (
    <section className="section" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      <p className="muted">Every administrator’s action, newest first.</p>
      {error && (
        <div role="alert" className="alert alert-error">
          <p>{error}</p>
        </div>
      )}
      <ol className="timeline" aria-label="Administrator actions">
        {events.map((event) => (
          <li key={event.id}>
            <p>{describe(event)}</p>
            <p className="muted">
              {new Date(event.at).toLocaleString()}
              {event.ip ? ` · ${event.ip}` : ""}
            </p>
          </li>
        ))}
      </ol>
      {!loading && events.length === 0 && !error && <p className="hint">Nothing yet.</p>}
      {next && !loading && (
        <div className="actions">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setLoading(true);
              setBefore(next);
            }}
          >
            Load older actions
          </button>
        </div>
      )}
    </section>
  );
}

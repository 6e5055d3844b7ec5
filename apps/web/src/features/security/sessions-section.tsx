import type { SessionSummary } from "@jwt-auth/shared";
import { useState } from "react";
import { ConfirmDialog } from "../../lib/confirm/confirm-dialog";
import { FormAlert } from "../../lib/forms/form-alert";
import { describeFailure, type Failure } from "../../lib/problem-message";
import { deviceName } from "./describe-session";
import { relativeTime } from "./relative-time";
import { revokeOtherSessions, revokeSession } from "./security-api";
import { useSessions } from "./use-sessions";

/**
 * Where the user is signed in. Revoking ends that device's refresh token and its access
 * tokens at once (on every API instance); the device finds out on its next request.
 */
export function SessionsSection() {
  const { state, reload } = useSessions();
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ attempt: number; failure: Failure } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [asking, setAsking] = useState<SessionSummary | "others" | null>(null);

  async function act(key: string, action: () => Promise<void>, done: string) {
    setBusy(key);
    try {
      await action();
      setFailure(null);
      setNotice(done);
      reload();
    } catch (error) {
      setFailure((previous) => ({
        attempt: (previous?.attempt ?? 0) + 1,
        failure: describeFailure(error, { not_found: "That session had already ended." }),
      }));
      reload();
    } finally {
      setBusy(null);
    }
  }

  const others = state.status === "ready" ? state.sessions.filter((s) => !s.current) : [];

  return (
    <section className="section" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Sessions</h2>
      <p className="muted">The browsers and devices signed in to your account.</p>
      {failure && <FormAlert key={failure.attempt} failure={failure.failure} />}
      <div role="status">{notice && <p className="notice">{notice}</p>}</div>
      {state.status === "loading" && <p className="hint">Loading your sessions…</p>}
      {state.status === "failed" && (
        <div role="alert" className="alert alert-error">
          <p>{state.message}</p>
        </div>
      )}
      {state.status === "ready" && (
        <>
          <ul className="session-list" aria-label="Signed-in devices">
            {state.sessions.map((session) => (
              <SessionRow
                key={session.id}
                session={session}
                busy={busy !== null}
                onRevoke={() => setAsking(session)}
              />
            ))}
          </ul>
          {others.length > 0 && (
            <div className="actions">
              <button
                type="button"
                className="button button-danger"
                disabled={busy !== null}
                aria-busy={busy === "others"}
                onClick={() => setAsking("others")}
              >
                Sign out other devices
              </button>
            </div>
          )}
        </>
      )}
      {asking === "others" && (
        <ConfirmDialog
          title="Sign out your other devices?"
          confirmLabel="Sign out other devices"
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            setAsking(null);
            void act("others", revokeOtherSessions, "Your other devices have been signed out.");
          }}
        >
          <p>Every browser and device but this one is signed out at once.</p>
        </ConfirmDialog>
      )}
      {asking !== null && asking !== "others" && (
        <ConfirmDialog
          title="Revoke this session?"
          confirmLabel="Revoke"
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            const session = asking;
            setAsking(null);
            void act(session.id, () => revokeSession(session.id), "That session has been ended.");
          }}
        >
          <p>{deviceName(asking)} is signed out at once; it has to log in again to come back.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

const SIGNED_IN_WITH: Record<SessionSummary["signInMethod"], string> = {
  password: "Signed in with a password",
  passkey: "Signed in with a passkey",
  provider: "Signed in through a provider",
};

function SessionRow(props: { session: SessionSummary; busy: boolean; onRevoke: () => void }) {
  const { session } = props;
  const name = deviceName(session);
  return (
    <li className="session-row" aria-label={session.current ? `${name}, this device` : name}>
      <div>
        <p className="session-device">
          {name}
          {session.current && <span className="badge">This device</span>}
        </p>
        <p className="muted">
          {SIGNED_IN_WITH[session.signInMethod]} {relativeTime(session.createdAt)} ·{" "}
          {session.ip ?? "unknown address"} · last active {relativeTime(session.lastUsedAt)}
        </p>
      </div>
      {!session.current && (
        <button
          type="button"
          className="button button-secondary"
          disabled={props.busy}
          onClick={props.onRevoke}
        >
          Revoke
        </button>
      )}
    </li>
  );
}

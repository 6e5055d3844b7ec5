import type { AdminUserDetail } from "@jwt-auth/shared";
import { useEffect, useState } from "react";
import { Link, useNavigate } from "react-router";
import { FormAlert } from "../../lib/forms/form-alert";
import { describeFailure, type Failure } from "../../lib/problem-message";
import { paths } from "../../lib/paths";
import {
  deleteUser,
  fetchUser,
  lockUser,
  resetTwoFactor,
  sendPasswordReset,
  setRoles,
  signOutEverywhere,
  unlockUser,
} from "./admin-api";
import { ConfirmDialog } from "../../lib/confirm/confirm-dialog";

type Action = "lock" | "unlock" | "revoke" | "mfa" | "reset" | "delete" | "grant" | "demote";

const DONE: Record<Action, string> = {
  lock: "The account is locked and every session of it has ended.",
  unlock: "The account is unlocked.",
  revoke: "Every session of the user has ended.",
  mfa: "Two-factor authentication is off; the user was told by email.",
  reset: "A password reset link is on its way to the user.",
  delete: "The user is deleted.",
  grant: "The user is an administrator from their next refresh.",
  demote: "The user is no longer an administrator.",
};

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "Never");

/**
 * One user as support sees them: details, ways in, sessions and recent activity, and what
 * an administrator can do about it, each asked first in a dialog. The API asks for a fresh
 * sign-in for every change; the re-authentication dialog takes care of it.
 */
export function UserPage({ userId }: { userId: string }) {
  const navigate = useNavigate();
  const [user, setUser] = useState<AdminUserDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const [asking, setAsking] = useState<Action | null>(null);
  const [busy, setBusy] = useState<Action | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ attempt: number; failure: Failure } | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetchUser(userId, controller.signal).then(
      (found) => {
        setUser(found);
        setLoadError(null);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setLoadError(
          describeFailure(error, { not_found: "No user has that id: they may have been deleted." })
            .message ?? "We could not load this user.",
        );
      },
    );
    return () => controller.abort();
  }, [userId, reloads]);

  async function run(action: Action, form: FormData) {
    setAsking(null);
    setBusy(action);
    setNotice(null);
    try {
      if (action === "lock") {
        const until = String(form.get("until") ?? "");
        await lockUser(userId, {
          reason: String(form.get("reason") ?? ""),
          until: until ? new Date(until).toISOString() : null,
        });
      } else if (action === "unlock") await unlockUser(userId);
      else if (action === "revoke") await signOutEverywhere(userId);
      else if (action === "mfa") await resetTwoFactor(userId);
      else if (action === "reset") await sendPasswordReset(userId);
      else if (action === "grant") await setRoles(userId, [...(user?.roles ?? []), "admin"]);
      else if (action === "demote")
        await setRoles(
          userId,
          (user?.roles ?? []).filter((role) => role !== "admin"),
        );
      else if (action === "delete") {
        await deleteUser(userId);
        navigate(paths.admin, { replace: true });
        return;
      }
      setFailure(null);
      setNotice(DONE[action]);
      setReloads((count) => count + 1);
    } catch (error) {
      setFailure((previous) => ({
        attempt: (previous?.attempt ?? 0) + 1,
        failure: describeFailure(error),
      }));
    } finally {
      setBusy(null);
    }
  }

  if (loadError) {
    return (
      <section className="section" aria-labelledby="user-heading">
        <h2 id="user-heading">User</h2>
        <div role="alert" className="alert alert-error">
          <p>{loadError}</p>
        </div>
        <p>
          <Link to={paths.admin}>Back to all users</Link>
        </p>
      </section>
    );
  }
  if (!user) return <p className="hint loading">Loading the user…</p>;

  const button = (action: Action, label: string, danger = false) => (
    <button
      type="button"
      className={danger ? "button button-danger" : "button button-secondary"}
      disabled={busy !== null}
      aria-busy={busy === action}
      onClick={() => setAsking(action)}
    >
      {label}
    </button>
  );
  const isAdmin = user.roles.includes("admin");

  return (
    <>
      <p>
        <Link to={paths.admin}>Back to all users</Link>
      </p>
      <section className="section" aria-labelledby="user-heading">
        <h2 id="user-heading">{user.email}</h2>
        <dl className="details">
          <div>
            <dt>Name</dt>
            <dd>{user.name}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>
              {user.email} {user.emailVerified ? "(verified)" : "(not verified)"}
            </dd>
          </div>
          <div>
            <dt>Roles</dt>
            <dd>{user.roles.join(", ")}</dd>
          </div>
          <div>
            <dt>Joined</dt>
            <dd>{when(user.createdAt)}</dd>
          </div>
          <div>
            <dt>Last sign-in</dt>
            <dd>{when(user.lastLoginAt)}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>
              {user.locked
                ? `Locked${user.locked.until ? ` until ${when(user.locked.until)}` : ""}: “${user.locked.reason}”`
                : "Active"}
            </dd>
          </div>
        </dl>
        <div role="status">{notice && <p className="notice">{notice}</p>}</div>
        {failure && <FormAlert key={failure.attempt} failure={failure.failure} />}
        <div className="actions admin-actions">
          {user.locked ? button("unlock", "Unlock") : button("lock", "Lock", true)}
          {button("revoke", "Sign out everywhere")}
          {user.totpEnabled && button("mfa", "Reset two-factor")}
          {button("reset", "Send password reset")}
          {isAdmin
            ? button("demote", "Remove administrator")
            : button("grant", "Make administrator")}
          {button("delete", "Delete user", true)}
        </div>
      </section>

      <section className="section" aria-labelledby="factors-heading">
        <h2 id="factors-heading">Ways in</h2>
        <dl className="details">
          <div>
            <dt>Two-factor</dt>
            <dd>{user.totpEnabled ? "On (authenticator app)" : "Off"}</dd>
          </div>
          <div>
            <dt>Passkeys</dt>
            <dd>{user.passkeys}</dd>
          </div>
          <div>
            <dt>Providers</dt>
            <dd>{user.identities.length ? user.identities.join(", ") : "None"}</dd>
          </div>
        </dl>
      </section>

      <section className="section" aria-labelledby="user-sessions-heading">
        <h2 id="user-sessions-heading">Sessions</h2>
        {user.sessions.length === 0 ? (
          <p className="hint">Not signed in anywhere.</p>
        ) : (
          <ul className="session-list" aria-label="The user's sessions">
            {user.sessions.map((session) => (
              <li key={session.id} className="session-row">
                <div>
                  <p className="session-device">
                    {[session.browser, session.os].filter(Boolean).join(" on ") || "Unknown device"}
                  </p>
                  <p className="muted">
                    {session.ip ?? "Unknown address"} · signed in {when(session.createdAt)} · last
                    active {when(session.lastUsedAt)}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="section" aria-labelledby="user-activity-heading">
        <h2 id="user-activity-heading">Recent activity</h2>
        <ol className="timeline" aria-label="The user's latest events">
          {user.activity.map((event) => (
            <li key={event.id}>
              <p>{event.type.replace(/_/g, " ")}</p>
              <p className="muted">
                {when(event.at)}
                {event.ip ? ` · ${event.ip}` : ""}
              </p>
            </li>
          ))}
        </ol>
      </section>

      {asking && (
        <ConfirmDialog
          title={TITLES[asking](user.email)}
          confirmLabel={CONFIRM[asking]}
          danger={asking === "lock" || asking === "delete" || asking === "mfa"}
          onCancel={() => setAsking(null)}
          onConfirm={(form) => void run(asking, form)}
        >
          <p>{EXPLAIN[asking]}</p>
          {asking === "lock" && (
            <>
              <div className="field">
                <label htmlFor="lock-reason">Reason</label>
                <input id="lock-reason" name="reason" required maxLength={500} />
              </div>
              <div className="field">
                <label htmlFor="lock-until">Until (optional)</label>
                <input id="lock-until" name="until" type="datetime-local" />
              </div>
            </>
          )}
        </ConfirmDialog>
      )}
    </>
  );
}

const TITLES: Record<Action, (email: string) => string> = {
  lock: (email) => `Lock ${email}?`,
  unlock: (email) => `Unlock ${email}?`,
  revoke: (email) => `Sign ${email} out everywhere?`,
  mfa: (email) => `Reset two-factor for ${email}?`,
  reset: (email) => `Send ${email} a password reset?`,
  delete: (email) => `Delete ${email}?`,
  grant: (email) => `Make ${email} an administrator?`,
  demote: (email) => `Remove ${email} as an administrator?`,
};

const CONFIRM: Record<Action, string> = {
  lock: "Lock account",
  unlock: "Unlock account",
  revoke: "Sign out everywhere",
  mfa: "Reset two-factor",
  reset: "Send the link",
  delete: "Delete for good",
  grant: "Make administrator",
  demote: "Remove administrator",
};

const EXPLAIN: Record<Action, string> = {
  lock: "Every session ends at once, and every way in is refused with your reason until you unlock the account or the end you set passes.",
  unlock: "The user can sign in again.",
  revoke: "Every session of the user ends at once, on every device; they can sign in again.",
  mfa: "For a user who lost their authenticator and backup codes: two-factor authentication is turned off, they are told by email and every session ends. Make sure it is really them.",
  reset: "The user gets the same link their own “Forgot password?” would send.",
  delete:
    "The account and everything stored with it are removed for good; the user is told by email.",
  grant: "They can use this console from their next refresh.",
  demote: "Their tokens that claim the role stop working at once; their sessions go on.",
};

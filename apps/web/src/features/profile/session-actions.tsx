import { useState } from "react";
import { ConfirmDialog } from "../../lib/confirm/confirm-dialog";
import { FormAlert } from "../../lib/forms/form-alert";
import { describeFailure, type Failure } from "../../lib/problem-message";
import { logOut, logOutEverywhere } from "../../lib/session";

/**
 * Both buttons end in a cleared token, and RequireAuth then shows the login page: no
 * navigation here. Only "everywhere" can fail visibly, because a user who believes their
 * other devices are signed out when they are not is worse off than one who retries.
 */
export function SessionActions() {
  const [pending, setPending] = useState<"this" | "all" | null>(null);
  const [failure, setFailure] = useState<{ attempt: number; failure: Failure } | null>(null);
  const [asking, setAsking] = useState(false);

  async function onLogOut() {
    setPending("this");
    await logOut();
  }

  async function onLogOutEverywhere() {
    setPending("all");
    try {
      await logOutEverywhere();
    } catch (error) {
      const { message } = describeFailure(error);
      setFailure((previous) => ({
        attempt: (previous?.attempt ?? 0) + 1,
        failure: {
          message: `You have not been logged out of your other devices. ${message ?? ""}`.trim(),
          fieldErrors: {},
        },
      }));
      setPending(null);
    }
  }

  return (
    <section className="panel" aria-labelledby="log-out-heading">
      <h2 id="log-out-heading">Logging out</h2>
      {failure && <FormAlert key={failure.attempt} failure={failure.failure} />}
      <p className="muted">
        Logging out of all devices also ends the sessions on your other browsers and phones.
      </p>
      <div className="actions">
        <button
          type="button"
          className="button button-secondary"
          disabled={pending !== null}
          aria-busy={pending === "this"}
          onClick={onLogOut}
        >
          Log out
        </button>
        <button
          type="button"
          className="button button-danger"
          disabled={pending !== null}
          aria-busy={pending === "all"}
          onClick={() => setAsking(true)}
        >
          Log out of all devices
        </button>
      </div>
      {asking && (
        <ConfirmDialog
          title="Log out of all devices?"
          confirmLabel="Log out of all devices"
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            void onLogOutEverywhere();
          }}
        >
          <p>Every browser and phone signed in to your account is logged out, this one too.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

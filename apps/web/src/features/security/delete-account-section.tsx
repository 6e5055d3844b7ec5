import { useState } from "react";
import { describeFailure } from "../../lib/problem-message";
import { showSignOutNotice } from "../../lib/sign-out-notice";
import { clearToken } from "../../lib/token-storage";
import { deleteAccount } from "./security-api";

/**
 * Deleting is final, so the user first sees what goes with the account. Once the API
 * confirms, the token is dropped and RequireAuth shows the login page with a notice.
 */
export function DeleteAccountSection() {
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onDelete() {
    setPending(true);
    try {
      await deleteAccount();
      showSignOutNotice("Your account has been deleted. We have sent a confirmation by email.");
      clearToken();
    } catch (failure) {
      setError(describeFailure(failure).message ?? "Your account could not be deleted.");
      setPending(false);
    }
  }

  return (
    <section className="section" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete account</h2>
      <p className="muted">Remove your account and everything stored with it, for good.</p>
      {error && (
        <div role="alert" className="alert alert-error">
          <p>{error}</p>
        </div>
      )}
      {!confirming ? (
        <div className="actions">
          <button
            type="button"
            className="button button-danger"
            onClick={() => setConfirming(true)}
          >
            Delete my account
          </button>
        </div>
      ) : (
        <div className="confirm-box" role="group" aria-labelledby="delete-confirm-text">
          <p id="delete-confirm-text">
            This permanently deletes your profile, every signed-in session, your activity history,
            your two-factor settings and backup codes, your passkeys and your linked sign-in
            providers. It cannot be undone; the email address becomes free to register again.
          </p>
          <div className="actions">
            <button
              type="button"
              className="button button-danger"
              disabled={pending}
              aria-busy={pending}
              onClick={onDelete}
            >
              Delete my account permanently
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={pending}
              onClick={() => setConfirming(false)}
            >
              Keep my account
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

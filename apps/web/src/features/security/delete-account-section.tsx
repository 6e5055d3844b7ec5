import { useState } from "react";
import { ConfirmDialog } from "../../lib/confirm/confirm-dialog";
import { describeFailure } from "../../lib/problem-message";
import { showSignOutNotice } from "../../lib/sign-out-notice";
import { clearToken } from "../../lib/token-storage";
import { deleteAccount } from "./security-api";

/**
 * Deleting is final, so a dialog first says what goes with the account. Once the API
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
      <div className="actions">
        <button
          type="button"
          className="button button-danger"
          disabled={pending}
          aria-busy={pending}
          onClick={() => setConfirming(true)}
        >
          Delete my account
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title="Delete your account?"
          confirmLabel="Delete my account permanently"
          cancelLabel="Keep my account"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void onDelete();
          }}
        >
          <p>
            This permanently deletes your profile, every signed-in session, your activity history,
            your two-factor settings and backup codes, your passkeys and your linked sign-in
            providers. It cannot be undone; the email address becomes free to register again.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

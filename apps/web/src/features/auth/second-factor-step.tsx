import type { MfaRequiredResponse } from "@jwt-auth/shared";
import { useState, type MouseEvent } from "react";
import { FormAlert } from "../../lib/forms/form-alert";
import { TextField } from "../../lib/forms/text-field";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { loadSubmit } from "./load-submit";

/**
 * The login's second step when the account has TOTP on: the code from the authenticator
 * app, or one of the backup codes. Success stores the token, and GuestOnly moves on.
 */
export function SecondFactorStep({
  challenge,
  onRestart,
}: {
  challenge: MfaRequiredResponse;
  onRestart: () => void;
}) {
  const [backup, setBackup] = useState(false);
  const form = useFormSubmit(async (values) =>
    (await loadSubmit()).submitSecondFactor(challenge.mfaToken, values),
  );

  function useBackupCode(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    setBackup(true);
  }

  return (
    <>
      <h1>Two-factor authentication</h1>
      <p className="lede">One more step keeps your account safe, even if your password leaks.</p>
      <form noValidate onSubmit={form.onSubmit}>
        {form.failure && <FormAlert key={form.attempt} failure={form.failure} />}
        <TextField
          key={backup ? "backup" : "totp"}
          id="mfa-code"
          name="code"
          label="Authentication code"
          hint={
            backup
              ? "Enter one of your backup codes. Each works once."
              : "Enter the 6-digit code from your authenticator app."
          }
          inputMode={backup ? "text" : "numeric"}
          className="code-input"
          spellCheck={false}
          autoComplete="one-time-code"
          autoFocus
          required
          errors={form.errorsFor("code")}
        />
        <button
          type="submit"
          className="button button-block"
          disabled={form.pending}
          aria-busy={form.pending}
        >
          Verify
        </button>
      </form>
      {!backup && (
        <p className="switch">
          Lost your phone?{" "}
          <a href="#backup-code" onClick={useBackupCode}>
            Use a backup code
          </a>
        </p>
      )}
      <p className="switch switch-tight">
        <button type="button" className="link-button" onClick={onRestart}>
          Not you? Start over
        </button>
      </p>
    </>
  );
}

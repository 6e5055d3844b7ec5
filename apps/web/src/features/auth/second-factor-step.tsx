import type { MfaRequiredResponse } from "@jwt-auth/shared";
import { useRef, useState, type ChangeEvent } from "react";
import { FormAlert } from "../../lib/forms/form-alert";
import { TextField } from "../../lib/forms/text-field";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { loadSubmit } from "./load-submit";

const SIX_DIGITS = /^\d{6}$/;

/**
 * The login's second step when the account has TOTP on: the code from the authenticator
 * app (sent by itself at its sixth digit, as the app's code is always six), or one of the
 * backup codes. Success stores the token, and GuestOnly moves on.
 */
export function SecondFactorStep({
  challenge,
  onRestart,
}: {
  challenge: MfaRequiredResponse;
  onRestart: () => void;
}) {
  const [backup, setBackup] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const form = useFormSubmit(async (values) =>
    (await loadSubmit()).submitSecondFactor(challenge.mfaToken, values),
  );

  function onCodeChange(event: ChangeEvent<HTMLInputElement>) {
    const code = event.currentTarget.value.replace(/\s/g, "");
    if (!backup && !form.pending && SIX_DIGITS.test(code)) formRef.current?.requestSubmit();
  }

  return (
    <>
      <h1>Two-factor authentication</h1>
      <p className="lede">One more step keeps your account safe, even if your password leaks.</p>
      <form ref={formRef} noValidate onSubmit={form.onSubmit}>
        {form.failure && <FormAlert key={form.attempt} failure={form.failure} />}
        <TextField
          key={backup ? "backup" : "totp"}
          id="mfa-code"
          name="code"
          label={
            backup ? (
              <>
                {/* Seen, not read out: the field keeps its name, and the hint says "backup codes". */}
                Authentication code{" "}
                <span className="label-tag" aria-hidden="true">
                  backup code
                </span>
              </>
            ) : (
              "Authentication code"
            )
          }
          hint={
            backup
              ? "Enter one of your backup codes. Each works once."
              : "Enter the 6-digit code from your authenticator app."
          }
          inputMode={backup ? "text" : "numeric"}
          className="code-input"
          spellCheck={false}
          autoComplete="one-time-code"
          autoCapitalize="off"
          autoFocus
          required
          onChange={onCodeChange}
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
      <p className="switch">
        {backup ? "Have your phone?" : "Lost your phone?"}{" "}
        <button type="button" className="link-button" onClick={() => setBackup(!backup)}>
          {backup ? "Use your authenticator app" : "Use a backup code"}
        </button>
      </p>
      <p className="switch switch-tight">
        <button type="button" className="link-button" onClick={onRestart}>
          Not you? Start over
        </button>
      </p>
    </>
  );
}

import { ForgotPasswordRequest, pageTitle } from "@jwt-auth/shared";
import { useState } from "react";
import { Link } from "react-router";
import { FormAlert } from "../../lib/forms/form-alert";
import { TextField } from "../../lib/forms/text-field";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { validateAndSend } from "../../lib/forms/validate-and-send";
import { paths } from "../../lib/paths";
import { requestPasswordReset } from "./accounts-api";

export function ForgotPasswordPage() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useFormSubmit((values) =>
    validateAndSend(ForgotPasswordRequest, values, async (request) => {
      await requestPasswordReset(request);
      setSentTo(request.email);
    }),
  );

  return (
    <div className="card">
      <title>{pageTitle("Forgot password")}</title>
      <h1>Forgot your password?</h1>
      <div role="status">
        {/* The same words whether or not the account exists: the API answers the same way. */}
        {sentTo && (
          <p className="notice">
            If an account exists for {sentTo}, a reset link is on its way. It works once, for 30
            minutes.
          </p>
        )}
      </div>
      <p className="hint">
        Enter your account&apos;s email and we&apos;ll send you a link to set a new password.
      </p>
      <form noValidate onSubmit={form.onSubmit}>
        {form.failure && <FormAlert key={form.attempt} failure={form.failure} />}
        <TextField
          id="forgot-email"
          name="email"
          type="email"
          label="Email"
          autoComplete="email"
          required
          errors={form.errorsFor("email")}
        />
        <button
          type="submit"
          className="button button-block"
          disabled={form.pending}
          aria-busy={form.pending}
        >
          Send reset link
        </button>
      </form>
      <p className="switch">
        Remembered it? <Link to={paths.login}>Log in</Link>
      </p>
    </div>
  );
}

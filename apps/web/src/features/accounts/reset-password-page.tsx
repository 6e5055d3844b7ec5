import { ResetPasswordRequest, pageTitle } from "@jwt-auth/shared";
import { useState } from "react";
import { Link, useLocation } from "react-router";
import { FormAlert } from "../../lib/forms/form-alert";
import { PasswordField } from "../../lib/forms/password-field";
import { PasswordRules } from "../../lib/forms/password-rules";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { validateAndSend } from "../../lib/forms/validate-and-send";
import { paths } from "../../lib/paths";
import { resetPassword } from "./accounts-api";
import { INVALID_LINK } from "./invalid-link";
import { linkTokenFrom } from "./link-token";

/** Opening the link changes nothing: the password is set only when this form is sent. */
export function ResetPasswordPage() {
  const token = linkTokenFrom(useLocation().hash);
  const [done, setDone] = useState(false);
  const form = useFormSubmit((values, element) =>
    validateAndSend(
      ResetPasswordRequest,
      { ...values, token: token ?? "" },
      async (request) => {
        await resetPassword(request);
        element.reset();
        setDone(true);
      },
      { invalid_link: INVALID_LINK },
    ),
  );

  return (
    <div className="card">
      <title>{pageTitle("Set a new password")}</title>
      <h1>Set a new password</h1>
      <div role="status">
        {done && (
          <p className="notice">
            Your password has been set and every device signed out.{" "}
            <Link to={paths.login}>Log in</Link> with your new password.
          </p>
        )}
      </div>
      {token === null ? (
        <div role="alert" className="alert alert-error">
          <p>
            This link has no token. Open the link from the message again, or{" "}
            <Link to={paths.forgotPassword}>ask for a new one</Link>.
          </p>
        </div>
      ) : (
        !done && (
          <form noValidate onSubmit={form.onSubmit}>
            {form.failure && <FormAlert key={form.attempt} failure={form.failure} />}
            <PasswordField
              id="reset-new-password"
              name="newPassword"
              label="New password"
              autoComplete="new-password"
              rules={(value, id) => <PasswordRules id={id} value={value} />}
              required
              errors={form.errorsFor("newPassword")}
            />
            <button
              type="submit"
              className="button button-block"
              disabled={form.pending}
              aria-busy={form.pending}
            >
              Set new password
            </button>
          </form>
        )
      )}
      {!done && (
        <p className="switch">
          Link expired? <Link to={paths.forgotPassword}>Send a new one</Link>
        </p>
      )}
    </div>
  );
}

import { pageTitle } from "@jwt-auth/shared";
import type { MfaRequiredResponse } from "@jwt-auth/shared";
import { useState, type ReactNode } from "react";
import { Link, useLocation } from "react-router";
import { FormAlert } from "../../lib/forms/form-alert";
import { PasswordField } from "../../lib/forms/password-field";
import { TextField } from "../../lib/forms/text-field";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { paths } from "../../lib/paths";
import { loadSubmit, preloadSubmit } from "./load-submit";
import { SignOutNotice } from "./sign-out-notice";
import { PasskeyButton } from "./passkey-button";
import { SecondFactorStep } from "./second-factor-step";
import { returnPath } from "./return-path";

/** `alternatives`: other ways to log in (provider buttons), composed in by the app's routes. */
export function LoginPage({ alternatives }: { alternatives?: (returnTo: string) => ReactNode }) {
  const location = useLocation();
  const [challenge, setChallenge] = useState<MfaRequiredResponse | null>(null);
  const form = useFormSubmit(async (values) =>
    (await loadSubmit()).submitLogin(values, setChallenge),
  );

  if (challenge) {
    return (
      <div className="card auth-card">
        <title>{pageTitle("Two-factor authentication")}</title>
        <SecondFactorStep challenge={challenge} onRestart={() => setChallenge(null)} />
      </div>
    );
  }

  return (
    <div className="card auth-card">
      <title>{pageTitle("Log in")}</title>
      <h1>Log in</h1>
      <p className="lede">Welcome back. Log in to your account.</p>
      <SignOutNotice />
      <form noValidate onSubmit={form.onSubmit} onFocus={preloadSubmit}>
        {form.failure && <FormAlert key={form.attempt} failure={form.failure} />}
        {/* "webauthn" lets the browser offer passkeys in this field's autofill list. */}
        <TextField
          id="login-email"
          name="email"
          type="email"
          label="Email"
          autoComplete="username webauthn"
          required
          errors={form.errorsFor("email")}
        />
        <PasswordField
          id="login-password"
          name="password"
          label="Password"
          autoComplete="current-password"
          required
          errors={form.errorsFor("password")}
        />
        <p className="field-link">
          <Link to={paths.forgotPassword}>Forgot password?</Link>
        </p>
        {/* The name stays "Log in" while busy: tests and screen readers rely on it. */}
        <button
          type="submit"
          className="button button-block"
          disabled={form.pending}
          aria-busy={form.pending}
        >
          Log in
        </button>
      </form>
      <p className="divider">
        <span>or</span>
      </p>
      <PasskeyButton />
      {alternatives?.(returnPath(location.state))}
      <p className="switch">
        New here?{" "}
        <Link to={paths.register} state={location.state}>
          Create an account
        </Link>
      </p>
    </div>
  );
}

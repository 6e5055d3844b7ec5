import { Link, useLocation } from "react-router";
import { FormAlert } from "../../lib/forms/form-alert";
import { TextField } from "../../lib/forms/text-field";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { paths } from "../../lib/paths";
import { loadSubmit, preloadSubmit } from "./load-submit";
import { SignOutNotice } from "./sign-out-notice";

export function LoginPage() {
  const location = useLocation();
  const form = useFormSubmit(async (values) => (await loadSubmit()).submitLogin(values));

  return (
    <div className="card">
      <title>Log in · JWT auth</title>
      <h1>Log in</h1>
      <SignOutNotice />
      <form noValidate onSubmit={form.onSubmit} onFocus={preloadSubmit}>
        {form.failure && <FormAlert key={form.attempt} failure={form.failure} />}
        <TextField
          id="login-email"
          name="email"
          type="email"
          label="Email"
          autoComplete="email"
          required
          errors={form.errorsFor("email")}
        />
        <TextField
          id="login-password"
          name="password"
          type="password"
          label="Password"
          autoComplete="current-password"
          required
          errors={form.errorsFor("password")}
        />
        <p className="field-link">
          <Link to={paths.forgotPassword}>Forgot password?</Link>
        </p>
        {/* The name stays "Log in" while busy: tests and screen readers rely on it. */}
        <button type="submit" className="button" disabled={form.pending} aria-busy={form.pending}>
          Log in
        </button>
      </form>
      <p className="switch">
        New here?{" "}
        <Link to={paths.register} state={location.state}>
          Create an account
        </Link>
      </p>
    </div>
  );
}

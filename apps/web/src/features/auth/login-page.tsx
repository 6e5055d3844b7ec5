import { LoginRequest } from "@jwt-auth/shared";
import { Link, useLocation } from "react-router";
import { FormAlert } from "../../lib/forms/form-alert";
import { TextField } from "../../lib/forms/text-field";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { paths } from "../../lib/paths";
import { logIn } from "../../lib/session";

export function LoginPage() {
  const location = useLocation();
  // No navigation here: storing the token is enough, GuestOnly then moves the user on.
  const form = useFormSubmit(LoginRequest, async (credentials) => {
    await logIn(credentials);
  });

  return (
    <div className="card">
      <title>Log in · JWT auth</title>
      <h1>Log in</h1>
      <form noValidate onSubmit={form.onSubmit}>
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

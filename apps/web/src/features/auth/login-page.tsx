import type { ReactNode } from "react";
import { Link, useLocation } from "react-router";
import { FormAlert } from "../../lib/forms/form-alert";
import { TextField } from "../../lib/forms/text-field";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { paths } from "../../lib/paths";
import { loadSubmit, preloadSubmit } from "./load-submit";
import { returnPath } from "./return-path";

/** `alternatives`: other ways to log in (provider buttons), composed in by the app's routes. */
export function LoginPage({ alternatives }: { alternatives?: (returnTo: string) => ReactNode }) {
  const location = useLocation();
  const form = useFormSubmit(async (values) => (await loadSubmit()).submitLogin(values));

  return (
    <div className="card">
      <title>Log in · JWT auth</title>
      <h1>Log in</h1>
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
        {/* The name stays "Log in" while busy: tests and screen readers rely on it. */}
        <button type="submit" className="button" disabled={form.pending} aria-busy={form.pending}>
          Log in
        </button>
      </form>
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

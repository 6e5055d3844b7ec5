import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@jwt-auth/shared";
import { Link, useLocation } from "react-router";
import { FormAlert } from "../../lib/forms/form-alert";
import { TextField } from "../../lib/forms/text-field";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { paths } from "../../lib/paths";
import { loadSubmit, preloadSubmit } from "./load-submit";

export function RegisterPage() {
  const location = useLocation();
  const form = useFormSubmit(async (values) => (await loadSubmit()).submitRegistration(values));

  return (
    <div className="card">
      <title>Create an account · JWT auth</title>
      <h1>Create an account</h1>
      <form noValidate onSubmit={form.onSubmit} onFocus={preloadSubmit}>
        {form.failure && <FormAlert key={form.attempt} failure={form.failure} />}
        <TextField
          id="register-name"
          name="name"
          label="Name"
          autoComplete="name"
          required
          errors={form.errorsFor("name")}
        />
        <TextField
          id="register-email"
          name="email"
          type="email"
          label="Email"
          autoComplete="email"
          required
          errors={form.errorsFor("email")}
        />
        <TextField
          id="register-password"
          name="password"
          type="password"
          label="Password"
          autoComplete="new-password"
          hint={`${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters. A long passphrase is best; common passwords and your email are refused.`}
          required
          errors={form.errorsFor("password")}
        />
        <button type="submit" className="button" disabled={form.pending} aria-busy={form.pending}>
          Create account
        </button>
      </form>
      <p className="switch">
        Already have an account?{" "}
        <Link to={paths.login} state={location.state}>
          Log in
        </Link>
      </p>
    </div>
  );
}

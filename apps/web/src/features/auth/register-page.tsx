import { pageTitle } from "@jwt-auth/shared";
import { useState } from "react";
import { Link, useLocation } from "react-router";
import { FormAlert } from "../../lib/forms/form-alert";
import { PasswordField } from "../../lib/forms/password-field";
import { PasswordRules } from "../../lib/forms/password-rules";
import { TextField } from "../../lib/forms/text-field";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { paths } from "../../lib/paths";
import { loadSubmit, preloadSubmit } from "./load-submit";

export function RegisterPage() {
  const location = useLocation();
  const [email, setEmail] = useState("");
  const form = useFormSubmit(async (values) => (await loadSubmit()).submitRegistration(values));

  return (
    <div className="card auth-card">
      <title>{pageTitle("Create an account")}</title>
      <h1>Create an account</h1>
      <p className="lede">One account for everything. It takes a minute.</p>
      <form noValidate onSubmit={form.onSubmit} onFocus={preloadSubmit}>
        {form.failure && (
          <FormAlert key={form.attempt} failure={form.failure}>
            {form.failure.code === "email_taken" && (
              <Link to={paths.login} state={location.state}>
                Log in instead
              </Link>
            )}
          </FormAlert>
        )}
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
          onChange={(event) => setEmail(event.currentTarget.value)}
          errors={form.errorsFor("email")}
        />
        <PasswordField
          id="register-password"
          name="password"
          label="Password"
          autoComplete="new-password"
          hint="A long passphrase is easiest to remember and hardest to guess."
          rules={(value, id) => <PasswordRules id={id} value={value} email={email} />}
          required
          errors={form.errorsFor("password")}
        />
        <button
          type="submit"
          className="button button-block"
          disabled={form.pending}
          aria-busy={form.pending}
        >
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

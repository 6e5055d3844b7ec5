import { ChangeEmailRequest } from "@jwt-auth/shared";
import { useState } from "react";
import { FormAlert } from "../../lib/forms/form-alert";
import { TextField } from "../../lib/forms/text-field";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { validateAndSend } from "../../lib/forms/validate-and-send";
import { changeEmailFreshly } from "./change-email-freshly";

/** The address changes only when the link mailed to the new one is opened and confirmed. */
export function ChangeEmailSection() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useFormSubmit((values, element) =>
    validateAndSend(
      ChangeEmailRequest,
      values,
      async (request) => {
        await changeEmailFreshly(request, values.password ?? "");
        element.reset();
        setSentTo(request.newEmail);
      },
      {
        invalid_credentials: "Your current password is incorrect.",
        reauthentication_required: "Enter your current password to confirm it's you.",
      },
    ),
  );

  return (
    <section className="section" aria-labelledby="change-email-heading">
      <h2 id="change-email-heading">Email address</h2>
      {/* Polite, not role="status": the profile page around it has its own status region. */}
      <div aria-live="polite">
        {sentTo && (
          <p className="notice">
            We sent a confirmation link to {sentTo}. Your email changes when you open it.
          </p>
        )}
      </div>
      <form noValidate onSubmit={form.onSubmit}>
        {form.failure && <FormAlert key={form.attempt} failure={form.failure} />}
        <TextField
          id="change-email-new"
          name="newEmail"
          type="email"
          label="New email"
          autoComplete="email"
          required
          errors={form.errorsFor("newEmail")}
        />
        <TextField
          id="change-email-password"
          name="password"
          type="password"
          label="Confirm with your password"
          hint="Needed when you last logged in more than a few minutes ago."
          autoComplete="current-password"
          errors={form.errorsFor("password")}
        />
        <button type="submit" className="button" disabled={form.pending} aria-busy={form.pending}>
          Change email
        </button>
      </form>
    </section>
  );
}

import { ChangeEmailRequest } from "@jwt-auth/shared";
import { useState } from "react";
import { FormAlert } from "../../lib/forms/form-alert";
import { TextField } from "../../lib/forms/text-field";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { validateAndSend } from "../../lib/forms/validate-and-send";
import { requestEmailChange } from "./accounts-api";

/**
 * The address changes only when the link mailed to the new one is opened and confirmed.
 * The request needs a recent sign-in; when the last one is too old, the app's re-auth
 * dialog (in the axios layer) asks for the password and sends it again.
 */
export function ChangeEmailSection({ onClose }: { onClose: () => void }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useFormSubmit((values, element) =>
    validateAndSend(
      ChangeEmailRequest,
      values,
      async (request) => {
        await requestEmailChange(request);
        element.reset();
        setSentTo(request.newEmail);
      },
      { reauthentication_required: "Confirm it's you to change your email." },
    ),
  );

  return (
    <div className="inline-form">
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
          hint="We send a link to the new address; nothing changes until you open it."
          autoComplete="email"
          autoFocus
          required
          errors={form.errorsFor("newEmail")}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={form.pending} aria-busy={form.pending}>
            Change email
          </button>
          <button type="button" className="button button-secondary" onClick={onClose}>
            {sentTo ? "Done" : "Cancel"}
          </button>
        </div>
      </form>
    </div>
  );
}

import { ChangeEmailRequest } from "@jwt-auth/shared";
import { FormAlert } from "../../lib/forms/form-alert";
import { TextField } from "../../lib/forms/text-field";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { validateAndSend } from "../../lib/forms/validate-and-send";
import { requestEmailChange } from "./accounts-api";

/**
 * The address changes only when the link mailed to the new one is opened and confirmed.
 * The request needs a recent sign-in; when the last one is too old, the app's re-auth
 * dialog (in the axios layer) asks for the password and sends it again. Once sent, the
 * form closes with a notice of what happened and what comes next.
 */
export function ChangeEmailSection({ onClose }: { onClose: (notice?: string) => void }) {
  const form = useFormSubmit((values) =>
    validateAndSend(
      ChangeEmailRequest,
      values,
      async (request) => {
        await requestEmailChange(request);
        onClose(
          `We sent a confirmation link to ${request.newEmail}. Your email changes when you open it; until then it stays as it is.`,
        );
      },
      { reauthentication_required: "Confirm it's you to change your email." },
    ),
  );

  return (
    <form noValidate onSubmit={form.onSubmit} className="inline-form">
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
        <button type="button" className="button button-secondary" onClick={() => onClose()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

import { ChangePasswordRequest, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@jwt-auth/shared";
import { FormAlert } from "../../lib/forms/form-alert";
import { TextField } from "../../lib/forms/text-field";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { validateAndSend } from "../../lib/forms/validate-and-send";
import { changePassword } from "./profile-api";

interface ChangePasswordFormProps {
  email: string;
  onChanged: () => void;
}

export function ChangePasswordForm({ email, onChanged }: ChangePasswordFormProps) {
  const form = useFormSubmit((values, element) =>
    validateAndSend(
      ChangePasswordRequest,
      values,
      async (passwords) => {
        await changePassword(passwords);
        element.reset();
        onChanged();
      },
      // Here a 401 invalid_credentials means the current password, not the login, was wrong.
      { invalid_credentials: "Your current password is incorrect." },
    ),
  );

  return (
    <section className="section" aria-labelledby="change-password-heading">
      <h2 id="change-password-heading">Change your password</h2>
      <form noValidate onSubmit={form.onSubmit}>
        {form.failure && <FormAlert key={form.attempt} failure={form.failure} />}
        {/* Lets password managers file the new password under the right account. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <TextField
          id="current-password"
          name="currentPassword"
          type="password"
          label="Current password"
          autoComplete="current-password"
          required
          errors={form.errorsFor("currentPassword")}
        />
        <TextField
          id="new-password"
          name="newPassword"
          type="password"
          label="New password"
          autoComplete="new-password"
          hint={`${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters; common passwords and your email are refused.`}
          required
          errors={form.errorsFor("newPassword")}
        />
        <button type="submit" className="button" disabled={form.pending} aria-busy={form.pending}>
          Change password
        </button>
      </form>
    </section>
  );
}

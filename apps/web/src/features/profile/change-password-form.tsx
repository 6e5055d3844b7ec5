import { ChangePasswordRequest, SetPasswordRequest } from "@jwt-auth/shared";
import { FormAlert } from "../../lib/forms/form-alert";
import { PasswordField } from "../../lib/forms/password-field";
import { PasswordRules } from "../../lib/forms/password-rules";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { validateAndSend } from "../../lib/forms/validate-and-send";
import { changePassword } from "./profile-api";

interface ChangePasswordFormProps {
  email: string;
  /** False for an account created through a provider: it sets a first password, no current one. */
  hasPassword: boolean;
  onChanged: () => void;
  onCancel: () => void;
}

export function ChangePasswordForm({
  email,
  hasPassword,
  onChanged,
  onCancel,
}: ChangePasswordFormProps) {
  const form = useFormSubmit((values) =>
    validateAndSend(
      hasPassword ? ChangePasswordRequest : SetPasswordRequest,
      values,
      async (passwords) => {
        await changePassword(passwords);
        onChanged();
      },
      // Here a 401 invalid_credentials means the current password, not the login, was wrong.
      { invalid_credentials: "Current password is incorrect." },
    ),
  );

  return (
    <form noValidate onSubmit={form.onSubmit} className="inline-form">
      {form.failure && <FormAlert key={form.attempt} failure={form.failure} />}
      {/* Lets password managers file the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      {hasPassword && (
        <PasswordField
          id="current-password"
          name="currentPassword"
          label="Current password"
          autoComplete="current-password"
          autoFocus
          required
          errors={form.errorsFor("currentPassword")}
        />
      )}
      <PasswordField
        id="new-password"
        name="newPassword"
        label="New password"
        autoComplete="new-password"
        autoFocus={!hasPassword}
        rules={(value, id) => <PasswordRules id={id} value={value} email={email} />}
        required
        errors={form.errorsFor("newPassword")}
      />
      <p className="hint">
        {hasPassword
          ? "Your other devices will be logged out; this one stays logged in."
          : "You can then log in with your email and this password, as well as with your provider."}
      </p>
      <div className="actions">
        <button type="submit" className="button" disabled={form.pending} aria-busy={form.pending}>
          {hasPassword ? "Change password" : "Set password"}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

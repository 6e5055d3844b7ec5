import { UpdateProfileRequest, type UserProfile } from "@jwt-auth/shared";
import { FormAlert } from "../../lib/forms/form-alert";
import { TextField } from "../../lib/forms/text-field";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { validateAndSend } from "../../lib/forms/validate-and-send";
import { updateProfile } from "./profile-api";

export function EditNameForm({
  profile,
  onSaved,
  onCancel,
}: {
  profile: UserProfile;
  onSaved: (profile: UserProfile) => void;
  onCancel: () => void;
}) {
  const form = useFormSubmit((values) =>
    validateAndSend(UpdateProfileRequest, values, async (changes) => {
      onSaved(await updateProfile(changes));
    }),
  );

  return (
    <form noValidate onSubmit={form.onSubmit} className="inline-form">
      {form.failure && <FormAlert key={form.attempt} failure={form.failure} />}
      <TextField
        id="profile-name"
        name="name"
        label="Name"
        autoComplete="name"
        defaultValue={profile.name}
        autoFocus
        required
        errors={form.errorsFor("name")}
      />
      <div className="actions">
        <button type="submit" className="button" disabled={form.pending} aria-busy={form.pending}>
          Save name
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

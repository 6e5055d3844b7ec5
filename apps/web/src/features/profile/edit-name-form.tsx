import { UpdateProfileRequest, type UserProfile } from "@jwt-auth/shared";
import { FormAlert } from "../../lib/forms/form-alert";
import { TextField } from "../../lib/forms/text-field";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { validateAndSend } from "../../lib/forms/validate-and-send";
import { updateProfile } from "./profile-api";

export function EditNameForm({
  profile,
  onSaved,
}: {
  profile: UserProfile;
  onSaved: (profile: UserProfile) => void;
}) {
  const form = useFormSubmit((values) =>
    validateAndSend(UpdateProfileRequest, values, async (changes) => {
      onSaved(await updateProfile(changes));
    }),
  );

  return (
    <section className="section" aria-labelledby="edit-name-heading">
      <h2 id="edit-name-heading">Edit your name</h2>
      <form noValidate onSubmit={form.onSubmit}>
        {form.failure && <FormAlert key={form.attempt} failure={form.failure} />}
        <TextField
          id="profile-name"
          name="name"
          label="Name"
          autoComplete="name"
          defaultValue={profile.name}
          required
          errors={form.errorsFor("name")}
        />
        <button type="submit" className="button" disabled={form.pending} aria-busy={form.pending}>
          Save name
        </button>
      </form>
    </section>
  );
}

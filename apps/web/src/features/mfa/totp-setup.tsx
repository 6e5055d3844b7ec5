import type { TotpSetupResponse } from "@jwt-auth/shared";
import { FormAlert } from "../../lib/forms/form-alert";
import { TextField } from "../../lib/forms/text-field";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { describeFailure } from "../../lib/problem-message";
import { enableTotp } from "./mfa-api";

/**
 * Step two of turning TOTP on: scan the QR code (or type the secret), then prove the app
 * has it with one code. Nothing is on until that code is accepted.
 */
export function TotpSetup({
  setup,
  onEnabled,
}: {
  setup: TotpSetupResponse;
  onEnabled: (backupCodes: string[]) => void;
}) {
  const form = useFormSubmit(async (values) => {
    try {
      onEnabled(await enableTotp(values.code ?? ""));
      return null;
    } catch (error) {
      return describeFailure(error, {
        invalid_mfa_code: "That code is not right. Check the app and try the newest code.",
      });
    }
  });

  return (
    <div className="totp-setup">
      <p>Scan this QR code with your authenticator app, then enter the code it shows.</p>
      <img src={setup.qrCode} alt="QR code for your authenticator app" width={200} height={200} />
      <p>
        Cannot scan it? Enter this key in the app instead:{" "}
        <code aria-label="Secret key">{setup.secret}</code>
      </p>
      <form noValidate onSubmit={form.onSubmit}>
        {form.failure && <FormAlert key={form.attempt} failure={form.failure} />}
        <TextField
          id="totp-setup-code"
          name="code"
          label="Authentication code"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          errors={form.errorsFor("code")}
        />
        <button type="submit" className="button" disabled={form.pending} aria-busy={form.pending}>
          Turn on
        </button>
      </form>
    </div>
  );
}

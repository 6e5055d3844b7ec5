import type { TotpSetupResponse } from "@jwt-auth/shared";
import { useState } from "react";
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
  onCancel,
}: {
  setup: TotpSetupResponse;
  onEnabled: (backupCodes: string[]) => void;
  onCancel: () => void;
}) {
  const [copied, setCopied] = useState<string | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(setup.secret);
      setCopied("Key copied.");
    } catch {
      setCopied("Could not copy: select the key and copy it.");
    }
  }

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
      <img src={setup.qrCode} alt="QR code for your authenticator app" width={176} height={176} />
      <p className="hint" id="totp-secret-hint">
        Cannot scan it? Enter this key in the app instead (spaces do not matter):
      </p>
      <div className="secret-row">
        <code aria-label="Secret key" aria-describedby="totp-secret-hint" className="secret">
          {groupsOfFour(setup.secret)}
        </code>
        <button type="button" className="button button-secondary button-small" onClick={copy}>
          Copy key
        </button>
        <span role="status" className="hint">
          {copied}
        </span>
      </div>
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
        <div className="actions">
          <button type="submit" className="button" disabled={form.pending} aria-busy={form.pending}>
            Turn on
          </button>
          <button
            type="button"
            className="button button-secondary"
            disabled={form.pending}
            onClick={onCancel}
          >
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

/** A base32 key as people copy it by eye: ABCD EFGH IJKL … */
function groupsOfFour(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}

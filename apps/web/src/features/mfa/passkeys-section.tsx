import type { PasskeySummary } from "@jwt-auth/shared";
import { useEffect, useState } from "react";
import { ConfirmDialog } from "../../lib/confirm/confirm-dialog";
import { FormAlert } from "../../lib/forms/form-alert";
import { TextField } from "../../lib/forms/text-field";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { PasskeyElsewhereError } from "../../lib/passkey-origin";
import { describeFailure } from "../../lib/problem-message";
import { VerifyEmailFirst } from "../../lib/verify-email-first";
import { fetchPasskeys, removePasskey } from "./mfa-api";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const when = (iso: string | null) => (iso ? dateFormat.format(new Date(iso)) : "never");

const PASSKEY_FAILURES = {
  invalid_passkey: "That passkey could not be verified. Try again.",
  last_credential: "This is your only way to log in: add another before removing it.",
};

/** Whatever the browser's WebAuthn call threw (cancelled, timed out) as a form failure. */
function describePasskeyFailure(error: unknown) {
  if (error instanceof PasskeyElsewhereError) return { message: error.message, fieldErrors: {} };
  if (error instanceof Error && !("isAxiosError" in error)) {
    return { message: "The passkey was not created. Try again.", fieldErrors: {} };
  }
  return describeFailure(error, PASSKEY_FAILURES);
}

/** The security page's "Passkeys" section: list, add (named), remove. */
export function PasskeysSection() {
  const [passkeys, setPasskeys] = useState<PasskeySummary[] | null>(null);
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const reload = () => setVersion((v) => v + 1);

  useEffect(() => {
    let live = true;
    fetchPasskeys().then(
      (list) => live && setPasskeys(list),
      () => live && setPasskeys([]),
    );
    return () => {
      live = false;
    };
  }, [version]);

  const [adding, setAdding] = useState(false);
  const add = useFormSubmit(async (values) => {
    try {
      const { addPasskey } = await import("./add-passkey");
      const created = await addPasskey(values.name?.trim() || undefined);
      setAdding(false);
      setNotice(`Passkey "${created.name}" added.`);
      reload();
      return null;
    } catch (error) {
      return describePasskeyFailure(error);
    }
  });

  const [removal, setRemoval] = useState<{ attempt: number; message: string | null } | null>(null);
  const [asking, setAsking] = useState<PasskeySummary | null>(null);
  async function remove(passkey: PasskeySummary) {
    try {
      await removePasskey(passkey.id);
      setNotice(`Passkey "${passkey.name}" removed.`);
      setRemoval(null);
      reload();
    } catch (error) {
      const { message } = describeFailure(error, PASSKEY_FAILURES);
      setRemoval((previous) => ({ attempt: (previous?.attempt ?? 0) + 1, message }));
    }
  }

  return (
    <section className="section" aria-labelledby="passkeys-heading">
      <h2 id="passkeys-heading">Passkeys</h2>
      <p className="muted">
        A passkey logs you in with your fingerprint, face or screen lock, and only on this site.
      </p>
      <div role="status">{notice && <p className="notice">{notice}</p>}</div>
      {removal && (
        <FormAlert key={removal.attempt} failure={{ message: removal.message, fieldErrors: {} }} />
      )}
      {passkeys === null && <p className="hint">Loading…</p>}
      {passkeys && passkeys.length === 0 && <p className="muted">No passkeys yet.</p>}
      {passkeys && passkeys.length > 0 && (
        <ul className="passkey-list">
          {passkeys.map((passkey) => (
            <li key={passkey.id}>
              <span>
                <strong>{passkey.name}</strong>{" "}
                <span className="muted">
                  added {when(passkey.createdAt)}, last used {when(passkey.lastUsedAt)}
                </span>
              </span>
              <button
                type="button"
                className="button button-secondary"
                aria-label={`Remove ${passkey.name}`}
                onClick={() => setAsking(passkey)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {asking && (
        <ConfirmDialog
          title={`Remove the passkey "${asking.name}"?`}
          confirmLabel="Remove passkey"
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            const passkey = asking;
            setAsking(null);
            void remove(passkey);
          }}
        >
          <p>You can no longer log in with it. The device keeps it until you delete it there.</p>
        </ConfirmDialog>
      )}
      {adding ? (
        <form noValidate onSubmit={add.onSubmit} className="inline-form">
          {add.failure &&
            (add.failure.code === "email_not_verified" ? (
              <VerifyEmailFirst key={add.attempt} />
            ) : (
              <FormAlert key={add.attempt} failure={add.failure} />
            ))}
          <TextField
            id="passkey-name"
            name="name"
            label="Passkey name"
            hint="Optional, e.g. the device it is on."
            maxLength={64}
            autoComplete="off"
            autoFocus
            errors={add.errorsFor("name")}
          />
          <div className="actions">
            <button type="submit" className="button" disabled={add.pending} aria-busy={add.pending}>
              Add a passkey
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={add.pending}
              onClick={() => setAdding(false)}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="actions">
          <button type="button" className="button" onClick={() => setAdding(true)}>
            Add a passkey
          </button>
        </div>
      )}
    </section>
  );
}

import type { TotpSetupResponse } from "@jwt-auth/shared";
import { useState } from "react";
import { ConfirmDialog } from "../../lib/confirm/confirm-dialog";
import { FormAlert } from "../../lib/forms/form-alert";
import { describeFailure, type Failure } from "../../lib/problem-message";
import { VerifyEmailFirst } from "../../lib/verify-email-first";
import { BackupCodesPanel } from "./backup-codes-panel";
import { disableTotp, regenerateBackupCodes, startTotpSetup } from "./mfa-api";
import { TotpSetup } from "./totp-setup";
import { useMfaStatus } from "./use-mfa-status";

type Step =
  | { kind: "idle" }
  | { kind: "setup"; setup: TotpSetupResponse }
  | { kind: "codes"; codes: string[] };

/** The security page's "Two-factor authentication" section: an authenticator app (TOTP). */
export function TwoFactorSection() {
  const { state, reload } = useMfaStatus();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [pending, setPending] = useState(false);
  const [asking, setAsking] = useState(false);
  const [failure, setFailure] = useState<{ attempt: number; failure: Failure } | null>(null);

  async function run(action: () => Promise<Step>) {
    setPending(true);
    try {
      setStep(await action());
      setFailure(null);
      reload();
    } catch (error) {
      setFailure((previous) => ({
        attempt: (previous?.attempt ?? 0) + 1,
        failure: describeFailure(error, {
          mfa_already_enabled: "Two-factor authentication is already on.",
          mfa_not_enabled: "Two-factor authentication is off.",
        }),
      }));
    } finally {
      setPending(false);
    }
  }

  const enabled = state.status === "ready" && state.mfa.totpEnabled;
  return (
    <section className="section" aria-labelledby="two-factor-heading">
      <div className="section-heading">
        <h2 id="two-factor-heading">Two-factor authentication</h2>
        {state.status === "ready" && (
          <span className={enabled ? "badge badge-on" : "badge"}>{enabled ? "On" : "Off"}</span>
        )}
      </div>
      {failure &&
        (failure.failure.code === "email_not_verified" ? (
          <VerifyEmailFirst key={failure.attempt} />
        ) : (
          <FormAlert key={failure.attempt} failure={failure.failure} />
        ))}
      {state.status === "loading" && <p className="hint">Loading…</p>}
      {state.status === "failed" && <p className="muted">{state.message}</p>}
      {state.status === "ready" && step.kind === "idle" && (
        <p className="muted">
          {enabled
            ? `An authenticator app asks for a code after your password. Backup codes left: ${state.mfa.backupCodesRemaining}.`
            : "Add an authenticator app so a stolen password is not enough to log in."}
        </p>
      )}
      {step.kind === "setup" && (
        <TotpSetup
          setup={step.setup}
          onCancel={() => setStep({ kind: "idle" })}
          onEnabled={(codes) => {
            setStep({ kind: "codes", codes });
            reload();
          }}
        />
      )}
      {step.kind === "codes" && (
        <BackupCodesPanel codes={step.codes} onDone={() => setStep({ kind: "idle" })} />
      )}
      {state.status === "ready" && step.kind === "idle" && (
        <div className="actions">
          {enabled ? (
            <>
              <button
                type="button"
                className="button button-secondary"
                disabled={pending}
                onClick={() =>
                  run(async () => ({ kind: "codes", codes: await regenerateBackupCodes() }))
                }
              >
                Regenerate backup codes
              </button>
              <button
                type="button"
                className="button button-danger"
                disabled={pending}
                onClick={() => setAsking(true)}
              >
                Turn off two-factor authentication
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button"
              disabled={pending}
              onClick={() => run(async () => ({ kind: "setup", setup: await startTotpSetup() }))}
            >
              Set up an authenticator app
            </button>
          )}
        </div>
      )}
      {asking && (
        <ConfirmDialog
          title="Turn off two-factor authentication?"
          confirmLabel="Turn off"
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            void run(async () => (await disableTotp(), { kind: "idle" }));
          }}
        >
          <p>
            Your password alone will log you in again, and your backup codes stop working. You can
            turn it back on at any time.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

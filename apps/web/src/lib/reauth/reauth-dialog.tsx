import { apiPaths, pathTo, ReauthenticateRequest, type AuthResponse } from "@jwt-auth/shared";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { apiClient } from "../api-client";
import { FormAlert } from "../forms/form-alert";
import { PasswordField } from "../forms/password-field";
import { TextField } from "../forms/text-field";
import { useFormSubmit } from "../forms/use-form-submit";
import { validateAndSend } from "../forms/validate-and-send";
import { getToken, setToken } from "../token-storage";
import { readClaims } from "../jwt-claims";
import { describeFailure, type Failure } from "../problem-message";
import type { ReauthRequest } from "./reauth-prompt";
import { guessStepUpMethods, loadStepUpMethods, type StepUpMethods } from "./step-up-methods";

type FieldMethod = "password" | "code";

const CODE_PROMPT = "Enter a code from your authenticator app, or a backup code, to continue.";

/** The field to show: the one asked for if the account has it, else the first it has. */
function fieldMethod(methods: StepUpMethods, wanted: FieldMethod): FieldMethod | null {
  if (methods[wanted]) return wanted;
  if (methods.code) return "code";
  return methods.password ? "password" : null;
}

/** The provider step-up: leaves for the provider, back to this page with a fresh sign-in. */
function providerStepUpUrl(providerId: string): string {
  const { pathname, search } = window.location;
  const query = new URLSearchParams({ intent: "reauthenticate", returnTo: pathname + search });
  return `${pathTo(apiPaths.oidcStart, { provider: providerId })}?${query.toString()}`;
}

/**
 * Asks the user to prove it is them again before a dangerous action (step-up), with what
 * the account has, as its login would: the password, a code from the authenticator app
 * (or a backup code) when TOTP is on (then never the password alone), a passkey, or the
 * provider an account without a password signs in with. On success the API answers a new
 * access token of the same session with a fresh `auth_time`; it is stored, and the
 * interceptor retries the call that asked for it. Loaded only when needed.
 */
export function ReauthDialog({ request }: { request: ReauthRequest }) {
  const [methods, setMethods] = useState<StepUpMethods>(() =>
    guessStepUpMethods(readClaims(getToken() ?? "")),
  );
  const [loaded, setLoaded] = useState(false);
  const [wanted, setWanted] = useState<FieldMethod>("password");
  const [other, setOther] = useState<{ attempt: number; failure: Failure } | null>(null);
  const [busy, setBusy] = useState(false);
  const method = fieldMethod(methods, wanted);

  const form = useFormSubmit((values) =>
    validateAndSend(
      ReauthenticateRequest,
      method === "code" ? { code: values.code ?? "" } : { password: values.password ?? "" },
      async (body) => {
        try {
          const { data } = await apiClient.post<AuthResponse>(apiPaths.reauthenticate, body);
          setToken(data.accessToken);
          request.confirm();
        } catch (error) {
          // TOTP went on since the dialog looked: ask for what the API asks for.
          if (describeFailure(error).code === "mfa_required") {
            setMethods((previous) => ({ ...previous, password: false, code: true }));
            setWanted("code");
          }
          throw error;
        }
      },
      {
        invalid_credentials: "That password is not correct.",
        invalid_mfa_code: "That code is not correct. Try the newest code, or a backup code.",
        mfa_required: `Your account has two-factor authentication on. ${CODE_PROMPT}`,
      },
    ),
  );

  // What the account has: until it is known, the guess from the session's token.
  useEffect(() => {
    let live = true;
    void loadStepUpMethods(readClaims(getToken() ?? "")).then((known) => {
      if (!live) return;
      setMethods(known);
      setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, []);

  // The focus moves into the dialog: to its field or first button (autoFocus), else to it.
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!dialog.current?.contains(document.activeElement)) dialog.current?.focus();
  }, []);

  // The page behind stays inert for assistive technology while the dialog is open.
  useEffect(() => {
    const main = document.querySelector("main");
    main?.setAttribute("aria-hidden", "true");
    return () => main?.removeAttribute("aria-hidden");
  }, []);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape") request.cancel();
  }

  async function stepUpWithPasskey() {
    setBusy(true);
    try {
      const { reauthenticateWithPasskey } = await import("./reauth-passkey");
      setToken(await reauthenticateWithPasskey());
      request.confirm();
    } catch (error) {
      const failure =
        error instanceof Error && !("isAxiosError" in error)
          ? { message: "No passkey was used. Try again.", fieldErrors: {} }
          : describeFailure(error, { invalid_credentials: "That passkey is not one of yours." });
      setOther((previous) => ({ attempt: (previous?.attempt ?? 0) + 1, failure }));
      setBusy(false);
    }
  }

  function stepUpWithProvider(providerId: string) {
    setBusy(true);
    window.location.assign(providerStepUpUrl(providerId));
  }

  const prompt =
    method === "code"
      ? CODE_PROMPT
      : method === "password"
        ? "Enter your password to continue."
        : loaded
          ? "Choose how to confirm it’s you."
          : "";
  const alternatives = methods.passkey || methods.providers.length > 0;

  return (
    <div className="dialog-backdrop">
      <div
        ref={dialog}
        tabIndex={-1}
        role="dialog"
        aria-modal="true"
        aria-labelledby="reauth-title"
        aria-describedby="reauth-description"
        className="card dialog"
        onKeyDown={onKeyDown}
      >
        <h2 id="reauth-title">Confirm it’s you</h2>
        <p id="reauth-description" className="muted">
          This action needs a recent sign-in. {prompt}
        </p>
        {other && <FormAlert key={other.attempt} failure={other.failure} />}
        {method === null && !loaded && (
          <p className="hint" role="status">
            Loading…
          </p>
        )}
        <form noValidate onSubmit={form.onSubmit}>
          {form.failure && <FormAlert key={form.attempt} failure={form.failure} />}
          {method === "code" && (
            <TextField
              id="reauth-code"
              name="code"
              label="Authentication code"
              inputMode="numeric"
              autoComplete="one-time-code"
              autoFocus
              required
              errors={form.errorsFor("code")}
            />
          )}
          {method === "password" && (
            <PasswordField
              id="reauth-password"
              name="password"
              label="Password"
              autoComplete="current-password"
              autoFocus
              required
              errors={form.errorsFor("password")}
            />
          )}
          {methods.code && methods.password && (
            <p className="field-link">
              <button
                type="button"
                className="link-button"
                onClick={() => setWanted(method === "code" ? "password" : "code")}
              >
                {method === "code"
                  ? "Use your password instead"
                  : "Use a code from your authenticator app instead"}
              </button>
            </p>
          )}
          {alternatives && (
            <div className="actions">
              {methods.passkey && (
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={busy}
                  aria-busy={busy}
                  autoFocus={method === null}
                  onClick={() => void stepUpWithPasskey()}
                >
                  Use a passkey
                </button>
              )}
              {methods.providers.map((provider, index) => (
                <button
                  key={provider.id}
                  type="button"
                  className="button button-secondary"
                  disabled={busy}
                  autoFocus={method === null && !methods.passkey && index === 0}
                  onClick={() => stepUpWithProvider(provider.id)}
                >
                  Continue with {provider.name}
                </button>
              ))}
            </div>
          )}
          <div className="actions">
            {method !== null && (
              <button
                type="submit"
                className="button"
                disabled={form.pending || busy}
                aria-busy={form.pending}
              >
                Confirm
              </button>
            )}
            <button type="button" className="button button-secondary" onClick={request.cancel}>
              Cancel
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

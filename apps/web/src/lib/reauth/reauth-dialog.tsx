import {
  apiPaths,
  ReauthenticateRequest,
  type AuthResponse,
  type MfaStatus,
} from "@jwt-auth/shared";
import { useEffect, useState, type KeyboardEvent } from "react";
import { apiClient } from "../api-client";
import { FormAlert } from "../forms/form-alert";
import { PasswordField } from "../forms/password-field";
import { TextField } from "../forms/text-field";
import { useFormSubmit } from "../forms/use-form-submit";
import { validateAndSend } from "../forms/validate-and-send";
import { setToken } from "../token-storage";
import type { ReauthRequest } from "./reauth-prompt";

/**
 * Asks for the password again before a dangerous action (step-up), or, for an account with
 * an authenticator app, a code from it (or a backup code) instead. On success the API
 * answers a new access token of the same session with a fresh `auth_time`; it is stored,
 * and the interceptor retries the call that asked for it. Loaded only when needed.
 */
export function ReauthDialog({ request }: { request: ReauthRequest }) {
  const [totpEnabled, setTotpEnabled] = useState(false);
  const [method, setMethod] = useState<"password" | "code">("password");
  const form = useFormSubmit((values) =>
    validateAndSend(
      ReauthenticateRequest,
      method === "code" ? { code: values.code ?? "" } : { password: values.password ?? "" },
      async (body) => {
        const { data } = await apiClient.post<AuthResponse>(apiPaths.reauthenticate, body);
        setToken(data.accessToken);
        request.confirm();
      },
      {
        invalid_credentials: "That password is not correct.",
        invalid_mfa_code: "That code is not correct. Try the newest code, or a backup code.",
      },
    ),
  );

  // Whether to offer the code: a failure only means the password alone is offered.
  useEffect(() => {
    let live = true;
    apiClient.get<MfaStatus>(apiPaths.mfa).then(
      ({ data }) => live && setTotpEnabled(data?.totpEnabled === true),
      () => undefined,
    );
    return () => {
      live = false;
    };
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

  return (
    <div className="dialog-backdrop">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="reauth-title"
        aria-describedby="reauth-description"
        className="card dialog"
        onKeyDown={onKeyDown}
      >
        <h2 id="reauth-title">Confirm it’s you</h2>
        <p id="reauth-description" className="muted">
          This action needs a recent sign-in.{" "}
          {method === "code"
            ? "Enter a code from your authenticator app, or a backup code, to continue."
            : "Enter your password to continue."}
        </p>
        <form noValidate onSubmit={form.onSubmit}>
          {form.failure && <FormAlert key={form.attempt} failure={form.failure} />}
          {method === "code" ? (
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
          ) : (
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
          {totpEnabled && (
            <p className="field-link">
              <button
                type="button"
                className="link-button"
                onClick={() => setMethod(method === "code" ? "password" : "code")}
              >
                {method === "code"
                  ? "Use your password instead"
                  : "Use a code from your authenticator app instead"}
              </button>
            </p>
          )}
          <div className="actions">
            <button
              type="submit"
              className="button"
              disabled={form.pending}
              aria-busy={form.pending}
            >
              Confirm
            </button>
            <button type="button" className="button button-secondary" onClick={request.cancel}>
              Cancel
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

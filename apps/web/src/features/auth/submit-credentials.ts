/**
 * What the login and register forms do on submit. Loaded on demand (see load-submit.ts):
 * zod and axios are most of this chunk's weight and nothing on screen needs them before
 * the user sends the form.
 */
import {
  MfaLoginRequest,
  LoginRequest,
  RegisterRequest,
  type MfaRequiredResponse,
} from "@jwt-auth/shared";
import { validateAndSend } from "../../lib/forms/validate-and-send";
import { completeMfaLogin, logIn, register } from "../../lib/session";

// No navigation here: storing the token is enough, GuestOnly then moves the user on.

export function submitLogin(
  values: Record<string, string>,
  onMfaRequired: (challenge: MfaRequiredResponse) => void = () => undefined,
) {
  return validateAndSend(LoginRequest, values, async (credentials) => {
    const result = await logIn(credentials);
    if ("mfaRequired" in result) onMfaRequired(result);
  });
}

export function submitSecondFactor(mfaToken: string, values: Record<string, string>) {
  return validateAndSend(
    MfaLoginRequest,
    { ...values, mfaToken },
    async (request) => {
      await completeMfaLogin(request);
    },
    {
      invalid_mfa_code: "That code is not right. Try the newest code, or a backup code.",
      invalid_mfa_token: "This login has expired. Start over with your password.",
    },
  );
}

export function submitRegistration(values: Record<string, string>) {
  return validateAndSend(RegisterRequest, values, async (account) => {
    await register(account);
  });
}

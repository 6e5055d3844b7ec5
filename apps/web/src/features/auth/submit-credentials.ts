/**
 * What the login and register forms do on submit. Loaded on demand (see load-submit.ts):
 * zod and axios are most of this chunk's weight and nothing on screen needs them before
 * the user sends the form.
 */
import { LoginRequest, RegisterRequest } from "@jwt-auth/shared";
import { validateAndSend } from "../../lib/forms/validate-and-send";
import { logIn, register } from "../../lib/session";

// No navigation here: storing the token is enough, GuestOnly then moves the user on.

export function submitLogin(values: Record<string, string>) {
  return validateAndSend(LoginRequest, values, async (credentials) => {
    await logIn(credentials);
  });
}

export function submitRegistration(values: Record<string, string>) {
  return validateAndSend(RegisterRequest, values, async (account) => {
    await register(account);
  });
}

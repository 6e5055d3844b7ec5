/**
 * Logging in with a passkey. Loaded on demand (the WebAuthn client and axios stay out of
 * the login page's first load): when the button is pressed, or when the browser can offer
 * passkeys in the email field's autofill (conditional UI).
 */
import { apiPaths, type AuthResponse, type PasskeyLoginOptions } from "@jwt-auth/shared";
import {
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  WebAuthnAbortService,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";
import { apiClient } from "../../lib/api-client";
import { assertPasskeysWorkHere, PasskeyElsewhereError } from "../../lib/passkey-origin";
import { describeFailure, type Failure } from "../../lib/problem-message";
import { setToken } from "../../lib/token-storage";

async function signIn(useBrowserAutofill: boolean): Promise<void> {
  const { data } = await apiClient.post<PasskeyLoginOptions>(apiPaths.passkeyLoginOptions);
  assertPasskeysWorkHere((data.options as { rpId?: string }).rpId);
  const response = await startAuthentication({
    optionsJSON: data.options as unknown as PublicKeyCredentialRequestOptionsJSON,
    useBrowserAutofill,
  });
  const { data: auth } = await apiClient.post<AuthResponse>(apiPaths.passkeyLogin, {
    challengeId: data.challengeId,
    response,
  });
  setToken(auth.accessToken);
}

/** The `Sign in with a passkey` button: resolves to what went wrong, or null. */
export async function signInWithPasskey(): Promise<Failure | null> {
  // End the autofill offer first, so only the ceremony the user asked for is answered.
  WebAuthnAbortService.cancelCeremony();
  try {
    await signIn(false);
    return null;
  } catch (error) {
    if (error instanceof PasskeyElsewhereError) return { message: error.message, fieldErrors: {} };
    if (error instanceof Error && !("isAxiosError" in error)) {
      // The browser's own refusal: cancelled, timed out, no passkey for this site.
      return {
        message: "No passkey was used. Try again, or log in with your password.",
        fieldErrors: {},
      };
    }
    return describeFailure(error, { invalid_credentials: "That passkey is not valid here." });
  }
}

/**
 * Offers passkeys in the email field's autofill where the browser can. Runs until the user
 * picks one (then logs in) or another ceremony (the button) replaces it; either ending is
 * silent, since the user never asked for it.
 */
export async function offerPasskeyAutofill(): Promise<void> {
  if (!(await browserSupportsWebAuthnAutofill())) return;
  try {
    await signIn(true);
  } catch {
    // Cancelled or replaced: the password form and the button are still there.
  }
}

/** Ends a pending autofill ceremony when the login page goes away. */
export function cancelPasskeyAutofill(): void {
  WebAuthnAbortService.cancelCeremony();
}

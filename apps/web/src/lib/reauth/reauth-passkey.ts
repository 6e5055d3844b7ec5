/**
 * Step-up with a passkey: the same ceremony as a passkey login (a challenge from
 * `POST /api/auth/passkey/options`), answered to `POST /api/auth/reauthenticate`. Loaded
 * only when the user picks it, so the WebAuthn client stays out of the dialog's chunk.
 */
import { apiPaths, type AuthResponse, type PasskeyLoginOptions } from "@jwt-auth/shared";
import {
  startAuthentication,
  WebAuthnAbortService,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";
import { apiClient } from "../api-client";

/** Resolves to the new access token of this session. */
export async function reauthenticateWithPasskey(): Promise<string> {
  WebAuthnAbortService.cancelCeremony();
  const { data } = await apiClient.post<PasskeyLoginOptions>(apiPaths.passkeyLoginOptions);
  const response = await startAuthentication({
    optionsJSON: data.options as unknown as PublicKeyCredentialRequestOptionsJSON,
  });
  const { data: auth } = await apiClient.post<AuthResponse>(apiPaths.reauthenticate, {
    passkey: { challengeId: data.challengeId, response },
  });
  return auth.accessToken;
}

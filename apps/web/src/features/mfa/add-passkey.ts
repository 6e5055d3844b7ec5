/**
 * Creating a passkey: loaded only when the user asks for one, so the WebAuthn client code
 * never weighs on a page that does not use it.
 */
import { apiPaths, type PasskeySummary } from "@jwt-auth/shared";
import {
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
} from "@simplewebauthn/browser";
import { apiClient } from "../../lib/api-client";
import { assertPasskeysWorkHere } from "../../lib/passkey-origin";

export async function addPasskey(name: string | undefined): Promise<PasskeySummary> {
  const { data: optionsJSON } = await apiClient.post<PublicKeyCredentialCreationOptionsJSON>(
    apiPaths.passkeyOptions,
  );
  assertPasskeysWorkHere(optionsJSON.rp.id);
  const response = await startRegistration({ optionsJSON });
  const { data } = await apiClient.post<PasskeySummary>(apiPaths.passkeys, {
    response,
    ...(name ? { name } : {}),
  });
  return data;
}

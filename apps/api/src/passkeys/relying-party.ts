import type * as SimpleWebAuthn from "@simplewebauthn/server";
/**
 * The WebAuthn relying party is the web app's public URL (APP_URL): its host is the RP ID
 * credentials are scoped to, its origin the only one whose signatures are accepted. A
 * look-alike site has another origin, so what it collects never verifies here.
 */
export interface RelyingParty {
  id: string;
  name: string;
  origin: string;
}

export function relyingPartyOf(appUrl: string, appName: string): RelyingParty {
  const url = new URL(appUrl);
  return { id: url.hostname, name: appName, origin: url.origin };
}

type WebAuthn = typeof SimpleWebAuthn;
let webAuthn: Promise<WebAuthn> | undefined;

/**
 * The WebAuthn library, loaded by the first passkey request rather than at start-up: it is
 * the largest module the API has (~4 MB of heap), and most instances never see a passkey.
 */
export function loadWebAuthn(): Promise<WebAuthn> {
  webAuthn ??= import("@simplewebauthn/server");
  return webAuthn;
}

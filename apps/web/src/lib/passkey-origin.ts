/**
 * Passkeys work only where the page's host is the API's relying party (APP_URL's host) or
 * one of its subdomains, and never on an IP address: the browser refuses the ceremony,
 * and the user would be told to "try again" forever. This says where to go instead.
 */

const isIpAddress = (host: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(":");

/** The page to open for passkeys to work, or null when they can work here. */
export function passkeyHomeFor(
  rpId: string,
  here: Pick<Location, "protocol" | "hostname" | "port">,
): string | null {
  const host = here.hostname.replace(/^\[|\]$/g, "");
  const ours = host === rpId || host.endsWith(`.${rpId}`);
  if (ours && !isIpAddress(host)) return null;
  const port = here.port ? `:${here.port}` : "";
  return `${here.protocol}//${isIpAddress(rpId) ? "localhost" : rpId}${port}`;
}

/** Thrown before a ceremony that cannot work on this page. */
export class PasskeyElsewhereError extends Error {
  override name = "PasskeyElsewhereError";
  constructor(readonly home: string) {
    super(`Open ${home} to use passkeys.`);
  }
}

/** Throws PasskeyElsewhereError when passkeys for `rpId` cannot work on this page. */
export function assertPasskeysWorkHere(rpId: string | undefined): void {
  if (!rpId) return;
  const home = passkeyHomeFor(rpId, window.location);
  if (home) throw new PasskeyElsewhereError(home);
}

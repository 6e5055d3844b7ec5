/**
 * The address a person opens once the server is up: APP_URL, not the bound socket.
 * Passkeys work only on APP_URL's origin (its host is the WebAuthn RP ID), and the
 * default APP_URL says `localhost` while the socket is `127.0.0.1`: printing the socket
 * sent people to an address where adding a passkey always fails.
 */
export function publicUrl(appUrl: string, configuredPort: number, boundPort: number): string {
  // The default APP_URL names the configured port; with PORT=0 the kernel picked another.
  if (appUrl === `http://localhost:${configuredPort}`) return `http://localhost:${boundPort}`;
  return appUrl;
}

import { apiPaths } from "@jwt-auth/shared";
import { SoftAuthenticator } from "./soft-authenticator.js";
import { bearer, type TestApp } from "./test-app.js";

/**
 * Registers a passkey for `user` the way the security page does: options, then the
 * authenticator's answer. Returns the answer to the registration (not checked, so a test
 * can expect a refusal), the device to sign in with, and the options it was given.
 */
export async function addPasskey(
  app: TestApp,
  user: { accessToken: string },
  { device, name }: { device?: SoftAuthenticator; name?: string } = {},
) {
  const authenticator =
    device ?? new SoftAuthenticator(new URL(app.config.appUrl).hostname, app.config.appUrl);
  const options = await app.http
    .post(apiPaths.passkeyOptions)
    .set(bearer(user.accessToken))
    .expect(200);
  const res = await app.http
    .post(apiPaths.passkeys)
    .set(bearer(user.accessToken))
    .send({ response: authenticator.register(options.body), ...(name ? { name } : {}) });
  return { res, device: authenticator, options: options.body };
}

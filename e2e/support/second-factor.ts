import { apiPaths, type TotpSetupResponse } from "@jwt-auth/shared";
import { expect, type APIRequestContext } from "@playwright/test";
import type { RegisteredUser } from "./register-user";
import { totpCode } from "./totp";
import { verifyEmailThroughApi } from "./verify-email";

/**
 * Turns TOTP on for a user just registered through the API (its sign-in is recent, as the
 * step-up routes want) and returns the secret an authenticator app would hold. The email
 * is verified first, as TOTP setup requires.
 */
export async function turnOnTotp(
  request: APIRequestContext,
  user: RegisteredUser,
): Promise<string> {
  return (await turnOnTotpWithBackupCodes(request, user)).secret;
}

/** `turnOnTotp`, with the backup codes the API showed once. */
export async function turnOnTotpWithBackupCodes(
  request: APIRequestContext,
  user: RegisteredUser,
): Promise<{ secret: string; backupCodes: string[] }> {
  const { accessToken } = await verifyEmailThroughApi(request, user);
  const headers = { Authorization: `Bearer ${accessToken}` };
  const setup = await request.post(apiPaths.totpSetup, { headers });
  expect(setup.status(), await setup.text()).toBe(200);
  const { secret } = (await setup.json()) as TotpSetupResponse;
  const enable = await request.post(apiPaths.totpEnable, {
    headers,
    data: { code: totpCode(secret) },
  });
  expect(enable.status(), await enable.text()).toBe(200);
  const { backupCodes } = (await enable.json()) as { backupCodes: string[] };
  return { secret, backupCodes };
}

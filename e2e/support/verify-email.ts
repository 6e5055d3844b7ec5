import { apiPaths, type AuthResponse, type DevMailboxResponse } from "@jwt-auth/shared";
import { expect, type APIRequestContext } from "@playwright/test";
import type { RegisteredUser } from "./register-user";

/**
 * The token of the newest link to `path` (`/verify-email`, `/cancel-email-change`…) in a
 * message to `to` whose subject matches, read from the development mailbox's API. Mail may
 * be written just after the answer that causes it, so this waits until it is there.
 */
export async function mailedLinkToken(
  request: APIRequestContext,
  to: string,
  subject: RegExp,
  path: string,
): Promise<string> {
  const pattern = new RegExp(`${path.replace(/[/]/g, "\\/")}#token=([A-Za-z0-9_-]+)`);
  let token: string | undefined;
  await expect
    .poll(
      async () => {
        const response = await request.get(apiPaths.devMailbox);
        const { messages } = (await response.json()) as DevMailboxResponse;
        const message = messages.find((m) => m.to === to && subject.test(m.subject));
        token = message?.text.match(pattern)?.[1];
        return token !== undefined;
      },
      { message: `a message to ${to} with a link to ${path}`, intervals: [250] },
    )
    .toBe(true);
  return token!;
}

/**
 * Verifies the email of a user registered through the API, as its link would (a user
 * verified already is left as is), and returns them with an access token of a new API
 * login that says so (the API reads the claim from the token): TOTP, passkeys and linking
 * a provider are only for verified addresses. Verify before the browser logs in, so the
 * browser's token carries the verified claim too.
 */
export async function verifyEmailThroughApi(
  request: APIRequestContext,
  user: RegisteredUser,
): Promise<RegisteredUser> {
  let auth = await logInThroughApi(request, user);
  if (!auth.user.emailVerified) {
    const token = await mailedLinkToken(request, user.email, /Verify your email/, "/verify-email");
    const verified = await request.post(apiPaths.verifyEmail, { data: { token } });
    expect(verified.status(), await verified.text()).toBe(200);
    auth = await logInThroughApi(request, user);
  }
  return { ...user, accessToken: auth.accessToken };
}

async function logInThroughApi(
  request: APIRequestContext,
  user: RegisteredUser,
): Promise<AuthResponse> {
  const login = await request.post(apiPaths.login, {
    data: { email: user.email, password: user.password },
  });
  expect(login.status(), await login.text()).toBe(200);
  return (await login.json()) as AuthResponse;
}

/**
 * The access token as the browser keeps it (the bare JWT string in localStorage, under the
 * web app's own key) and as the server judges it.
 */
import { apiPaths, type ErrorCode } from "@jwt-auth/shared";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { TOKEN_STORAGE_KEY } from "../../apps/web/src/lib/token-storage";

export { TOKEN_STORAGE_KEY };

export function readAccessToken(page: Page): Promise<string | null> {
  return page.evaluate((key) => window.localStorage.getItem(key), TOKEN_STORAGE_KEY);
}

/** What the API says about a token now: "ok", or the code of its 401 problem. */
async function verdictOn(
  request: APIRequestContext,
  token: string,
): Promise<"ok" | ErrorCode | number> {
  const response = await request.get(apiPaths.profile, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (response.ok()) return "ok";
  if (response.status() !== 401) return response.status();
  return ((await response.json()) as { code: ErrorCode }).code;
}

/**
 * Waits, by asking the server, until it refuses `token` with `code`. The tests wait for the
 * server's verdict rather than for a number of seconds, so a slow machine cannot make them
 * act too early.
 */
export async function waitUntilServerRefuses(
  request: APIRequestContext,
  token: string,
  code: ErrorCode,
): Promise<void> {
  await expect
    .poll(() => verdictOn(request, token), {
      message: `the API should answer 401 ${code} for the old access token`,
      timeout: 20_000,
      intervals: [250],
    })
    .toBe(code);
}

/** Asks the server whether `token` is still accepted right now. */
export async function expectAccepted(request: APIRequestContext, token: string): Promise<void> {
  expect(await verdictOn(request, token)).toBe("ok");
}

import { apiPaths, pathTo } from "@jwt-auth/shared";
import {
  startDevProvider,
  type DevAccount,
  type DevProvider,
} from "../../src/dev-idp/start-dev-provider.js";
import type { Overrides } from "../../src/bootstrap.js";
import { ProviderBrowser } from "./provider-browser.js";
import {
  bearer,
  refreshCookieOf,
  startTestApp,
  type RegisteredUser,
  type TestApp,
} from "./test-app.js";

/** The app's public URL in these tests: only redirect URIs and redirects use it. */
export const APP_URL = "http://app.test";
export const PROVIDER_ID = "acme";
const CLIENT_ID = "jwt-auth-test";
const CLIENT_SECRET = "a-client-secret-for-the-test-provider";

export function providerEnv(issuer: string): Record<string, string> {
  return {
    APP_URL,
    OIDC_PROVIDERS: PROVIDER_ID,
    OIDC_ACME_ISSUER: issuer,
    OIDC_ACME_CLIENT_ID: CLIENT_ID,
    OIDC_ACME_CLIENT_SECRET: CLIENT_SECRET,
    OIDC_ACME_NAME: "Acme ID",
  };
}

export function startTestProvider(
  accounts: Record<string, DevAccount> = {},
  port = 0,
): Promise<DevProvider> {
  return startDevProvider({
    port,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: [`${APP_URL}/api/auth/oidc/${PROVIDER_ID}/callback`],
    accounts,
  });
}

/** A real provider and a real app pointed at it (`env`: more of the app's variables). */
export async function startOidcWorld(
  accounts: Record<string, DevAccount> = {},
  options: { env?: Record<string, string>; overrides?: Overrides } = {},
) {
  const idp = await startTestProvider(accounts);
  const app = await startTestApp({
    env: { ...providerEnv(idp.issuer), ...options.env },
    ...(options.overrides && { overrides: options.overrides }),
  });
  return { idp, app, close: async () => void (await Promise.all([app.close(), idp.close()])) };
}

/** The flow cookie set by a response, as a Cookie header value. */
export function flowCookieOf(setCookie: string | string[] | undefined): string | undefined {
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const line = cookies.find((c) => c.startsWith("oidc_flow="));
  return line?.split(";")[0];
}

/** Where a redirect of the app goes, relative to APP_URL. */
export function redirectOf(res: { status: number; headers: Record<string, string> }): URL {
  if (res.status !== 302) throw new Error(`expected a redirect, got ${res.status}`);
  return new URL(res.headers.location!, APP_URL);
}

export interface StartedFlow {
  authorizationUrl: URL;
  cookie: string;
}

/** Starts a provider login in the app, as the login page's button does. */
export async function startFlow(app: TestApp, query = "", cookie?: string): Promise<StartedFlow> {
  const req = app.http.get(`${pathTo(apiPaths.oidcStart, { provider: PROVIDER_ID })}${query}`);
  if (cookie) req.set("Cookie", cookie);
  const res = await req;
  const authorizationUrl = redirectOf(res);
  const flow = flowCookieOf(res.headers["set-cookie"]);
  if (!flow) throw new Error("the start of the flow set no flow cookie");
  return { authorizationUrl, cookie: flow };
}

/** Follows the provider's pages as `login` and returns the callback URL it sends back to. */
export async function signInAtProvider(
  idp: DevProvider,
  flow: StartedFlow,
  login: string,
): Promise<URL> {
  return new ProviderBrowser(idp.issuer).signIn(flow.authorizationUrl.href, login);
}

/** Delivers the provider's answer to the app's callback with a given Cookie header. */
export async function callback(app: TestApp, callbackUrl: URL, cookie: string | undefined) {
  const req = app.http.get(callbackUrl.pathname + callbackUrl.search);
  if (cookie) req.set("Cookie", cookie);
  const res = await req;
  return {
    res,
    location: redirectOf(res),
    refreshToken: refreshCookieOf(res.headers["set-cookie"]),
  };
}

/** The whole login through the provider, as `login`. */
export async function loginThroughProvider(
  world: { app: TestApp; idp: DevProvider },
  login: string,
  query = "",
) {
  const flow = await startFlow(world.app, query);
  const back = await signInAtProvider(world.idp, flow, login);
  return callback(world.app, back, flow.cookie);
}

/** A fresh login name at the test provider. */
export const providerLogin = (label: string) =>
  `${label}-${Math.random().toString(36).slice(2, 10)}`;

function linkCookieOf(setCookie: string | string[] | undefined): string {
  const line = ([] as string[]).concat(setCookie ?? []).find((c) => c.startsWith("oidc_link="));
  if (!line) throw new Error("no link cookie was set");
  return line.split(";")[0]!;
}

/** Links `login` at the provider to `user`, the way the security page does. */
export async function linkThroughProvider(
  world: { app: TestApp; idp: DevProvider },
  user: RegisteredUser,
  login: string,
) {
  const asked = await world.app.http
    .post(`/api/user/identities/${PROVIDER_ID}`)
    .set(bearer(user.accessToken))
    .expect(200);
  const started = await world.app.http
    .get(asked.body.url as string)
    .set("Cookie", linkCookieOf(asked.headers["set-cookie"]));
  if (started.status !== 302) throw new Error(`the link did not start: ${started.status}`);
  const flow = {
    authorizationUrl: new URL(started.headers.location!),
    cookie: flowCookieOf(started.headers["set-cookie"])!,
  };
  return callback(world.app, await signInAtProvider(world.idp, flow, login), flow.cookie);
}

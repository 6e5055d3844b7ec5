import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enableTotp, totpCode } from "../support/totp.js";
import {
  bearer,
  cookie,
  refreshCookieOf,
  registerVerifiedUser,
  type RegisteredUser,
} from "../support/test-app.js";
import {
  APP_URL,
  callback,
  loginThroughProvider,
  PROVIDER_ID,
  signInAtProvider,
  startFlow,
  startOidcWorld,
  linkThroughProvider,
  providerLogin,
} from "../support/oidc-world.js";

/**
 * A provider's login is a way in like the others: on an account with TOTP on it ends in the
 * code step, and step-up through the provider renews only the session of the browser that
 * asks, only for the account's own identity.
 */
type World = Awaited<ReturnType<typeof startOidcWorld>>;
let world: World;
let clock = Date.now();

beforeAll(async () => {
  world = await startOidcWorld({}, { overrides: { now: () => clock } });
});
afterAll(() => world.close());

const who = providerLogin;

const link = (user: RegisteredUser, login: string) => linkThroughProvider(world, user, login);

describe("3. a provider login on an account with TOTP on", () => {
  it("when the provider vouches for the user, then no session starts until the code step, whose token says fed and otp", async () => {
    clock = Date.now();
    const user = await registerVerifiedUser(world.app);
    const login = who("totp");
    await link(user, login);
    const { secret } = await enableTotp(world.app, user, clock);

    const back = await loginThroughProvider(world, login);

    expect(back.refreshToken).toBeUndefined();
    expect(back.location.pathname).toBe("/auth/callback");
    const mfaToken = new URLSearchParams(back.location.hash.slice(1)).get("mfaToken");
    expect(mfaToken).toEqual(expect.any(String));
    // Not a session: the mfaToken opens nothing by itself.
    expect((await world.app.http.get("/api/user/profile").set(bearer(mfaToken!))).status).toBe(401);

    // The enabling code spent this step; the next one logs in.
    const done = await world.app.http
      .post("/api/auth/login/mfa")
      .send({ mfaToken, code: totpCode(secret, Date.now() + 30_000) });
    expect(done.status).toBe(200);
    const claims = jwt.decode(done.body.accessToken as string) as { amr: string[]; sub: string };
    expect(claims.sub).toBe(user.id);
    expect(claims.amr).toEqual(["fed", "mfa", "otp"]);
  });
});

describe("step-up through the provider", () => {
  it("when a provider-only account steps up, then its own session gets a fresh auth_time on the next refresh", async () => {
    clock = Date.now();
    const login = who("only");
    const first = await loginThroughProvider(world, login);
    const refreshToken = first.refreshToken!;
    const before = await world.app.http.post("/api/auth/refresh").set(cookie(refreshToken));
    const beforeClaims = jwt.decode(before.body.accessToken as string) as { auth_time: number };
    const rotated = refreshCookieOf(before.headers["set-cookie"])!;
    clock += 60_000; // a minute later on the app's clock

    const flow = await startFlow(
      world.app,
      "?intent=reauthenticate&returnTo=%2Fsecurity",
      cookie(rotated).Cookie,
    );
    const back = await callback(
      world.app,
      await signInAtProvider(world.idp, flow, login),
      flow.cookie,
    );
    expect(back.location.href).toBe(`${APP_URL}/auth/callback?returnTo=%2Fsecurity`);

    const after = await world.app.http.post("/api/auth/refresh").set(cookie(rotated)).expect(200);
    const afterClaims = jwt.decode(after.body.accessToken as string) as {
      auth_time: number;
      amr: string[];
    };
    expect(afterClaims.auth_time).toBeGreaterThan(beforeClaims.auth_time);
    expect(afterClaims.amr).toEqual(["fed"]);
  });

  it("when another person's provider identity comes back for the session, then nothing is renewed", async () => {
    const mine = who("mine");
    const theirs = who("theirs");
    const first = await loginThroughProvider(world, mine);
    await loginThroughProvider(world, theirs);

    const flow = await startFlow(
      world.app,
      "?intent=reauthenticate",
      cookie(first.refreshToken!).Cookie,
    );
    const back = await callback(
      world.app,
      await signInAtProvider(world.idp, flow, theirs),
      flow.cookie,
    );
    expect(back.location.href).toBe(`${APP_URL}/security?error=oidc_failed`);
  });

  it("when no live session's cookie comes with the request, then step-up does not start", async () => {
    const res = await world.app.http.get(`/api/auth/oidc/${PROVIDER_ID}?intent=reauthenticate`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${APP_URL}/security?error=oidc_failed`);
  });
});

import { apiPaths, pathTo } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decode } from "jsonwebtoken";
import { bearer, cookie, registerUser, uniqueEmail } from "../support/test-app.js";
import {
  APP_URL,
  callback,
  flowCookieOf,
  loginThroughProvider,
  PROVIDER_ID,
  signInAtProvider,
  startFlow,
  startOidcWorld,
  providerLogin,
} from "../support/oidc-world.js";

type World = Awaited<ReturnType<typeof startOidcWorld>>;
let world: World;

beforeAll(async () => {
  world = await startOidcWorld();
});
afterAll(() => world.close());

const login = providerLogin;

describe("GET /api/auth/providers", () => {
  it("when providers are configured, then it lists their ids and names", async () => {
    const res = await world.app.http.get(apiPaths.providers).expect(200);
    expect(res.body).toEqual({ providers: [{ id: PROVIDER_ID, name: "Acme ID" }] });
  });
});

describe("GET /api/auth/oidc/{id}", () => {
  it("when started, then it redirects to the provider with PKCE S256, state and nonce, and sets a Lax HttpOnly flow cookie", async () => {
    const res = await world.app.http
      .get(`${pathTo(apiPaths.oidcStart, { provider: PROVIDER_ID })}?returnTo=/profile`)
      .expect(302);
    const url = new URL(res.headers.location!);
    expect(url.origin).toBe(world.idp.issuer);
    expect(url.searchParams.get("response_type")).toBe("code");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get("state")).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get("nonce")).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get("redirect_uri")).toBe(
      `${APP_URL}/api/auth/oidc/${PROVIDER_ID}/callback`,
    );
    const setCookie = ([] as string[])
      .concat(res.headers["set-cookie"] ?? [])
      .find((c) => c.startsWith("oidc_flow="))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\/api\/auth\/oidc/);
    expect(setCookie).toMatch(/Max-Age=600/);
    // Sealed: neither the verifier nor the nonce can be read from it.
    expect(setCookie).not.toContain(url.searchParams.get("nonce"));
  });

  it("when the provider is unknown, then it answers 404 not_found", async () => {
    const res = await world.app.http
      .get(pathTo(apiPaths.oidcStart, { provider: "nope" }))
      .expect(404);
    expect(res.body.code).toBe("not_found");
  });

  it("when returnTo points to another site, then it answers 400 validation_failed", async () => {
    for (const returnTo of ["https://evil.example/", "//evil.example/x", "/\\evil.example"]) {
      const res = await world.app.http
        .get(pathTo(apiPaths.oidcStart, { provider: PROVIDER_ID }))
        .query({ returnTo })
        .expect(400);
      expect(res.body.code).toBe("validation_failed");
    }
  });
});

describe("provider logins started by several browsers at once", () => {
  it("when six start together, then each gets its own redirect and flow cookie, and each finishes signed in", async () => {
    // The strategy is one object for the app: each request must work on a copy of it, or
    // one request's redirect lands on another's response and the first never answers.
    const flows = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const res = await world.app.http
          .get(`${pathTo(apiPaths.oidcStart, { provider: PROVIDER_ID })}?returnTo=/profile`)
          .timeout(10_000);
        expect(res.status).toBe(302);
        const cookie = flowCookieOf(res.headers["set-cookie"]);
        expect(cookie).toBeDefined();
        return { authorizationUrl: new URL(res.headers.location!), cookie: cookie! };
      }),
    );
    const states = flows.map((flow) => flow.authorizationUrl.searchParams.get("state"));
    expect(new Set(states).size).toBe(flows.length);

    for (const flow of flows) {
      const back = await signInAtProvider(world.idp, flow, login("together"));
      const { location } = await callback(world.app, back, flow.cookie);
      expect(location.origin + location.pathname).toBe(`${APP_URL}/auth/callback`);
    }
  });
});

describe("GET /api/auth/oidc/{id}/callback", () => {
  it("when a new user signs in with a verified email, then an account is created and a federated session starts", async () => {
    const who = login("first");
    const { location, refreshToken, res } = await loginThroughProvider(
      world,
      who,
      "?returnTo=/profile%3Ftab%3D1",
    );

    expect(location.origin + location.pathname).toBe(`${APP_URL}/auth/callback`);
    expect(location.searchParams.get("returnTo")).toBe("/profile?tab=1");
    expect(res.headers.location).not.toMatch(/token|code=/);
    expect(refreshToken).toBeTruthy();
    const refreshed = await world.app.http
      .post(apiPaths.refresh)
      .set(cookie(refreshToken!))
      .expect(200);
    expect(refreshed.body.user.email).toBe(`${who}@example.test`);
    const claims = decode(refreshed.body.accessToken) as { amr: string[]; auth_time: number };
    expect(claims.amr).toEqual(["fed"]);
    expect(claims.auth_time).toBeGreaterThan(0);
  });

  it("when the same identity signs in again, then it finds the same account", async () => {
    const who = login("again");
    const first = await loginThroughProvider(world, who);
    const second = await loginThroughProvider(world, who);
    const a = await world.app.http
      .post(apiPaths.refresh)
      .set(cookie(first.refreshToken!))
      .expect(200);
    const b = await world.app.http
      .post(apiPaths.refresh)
      .set(cookie(second.refreshToken!))
      .expect(200);
    expect(b.body.user.id).toBe(a.body.user.id);
  });

  it("when an account already has the provider's email, then the login is refused with oidc_email_conflict and nothing is linked", async () => {
    const owner = await registerUser(world.app, { email: uniqueEmail("owner") });
    const who = login("squatter");
    world.idp.setAccount(who, { email: owner.email, emailVerified: true, name: "Mallory" });

    const { location, refreshToken } = await loginThroughProvider(world, who);

    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("error")).toBe("oidc_email_conflict");
    expect(refreshToken).toBeUndefined();
    const identities = await world.app.http
      .get(apiPaths.identities)
      .set(bearer(owner.accessToken))
      .expect(200);
    expect(identities.body.identities).toEqual([]);
  });

  it("when the provider does not vouch for the email, then no account is created", async () => {
    const who = login("unverified");
    const email = `${who}@example.test`;
    world.idp.setAccount(who, { email, emailVerified: false, name: "Unverified" });

    const { location, refreshToken } = await loginThroughProvider(world, who);

    expect(location.searchParams.get("error")).toBe("oidc_failed");
    expect(refreshToken).toBeUndefined();
    // The address is still free.
    await registerUser(world.app, { email });
  });

  it("when the state in the query is tampered with or missing, then the login is refused", async () => {
    for (const change of [
      (url: URL) => url.searchParams.set("state", "x".repeat(43)),
      (url: URL) => url.searchParams.delete("state"),
    ]) {
      const flow = await startFlow(world.app);
      const back = await signInAtProvider(world.idp, flow, login("state"));
      change(back);
      const { location, refreshToken } = await callback(world.app, back, flow.cookie);
      expect(location.searchParams.get("error")).toBe("oidc_failed");
      expect(refreshToken).toBeUndefined();
    }
  });

  it("when the provider answers with another nonce, then the login is refused", async () => {
    const flow = await startFlow(world.app);
    flow.authorizationUrl.searchParams.set("nonce", "a-nonce-this-browser-never-sent-0123456789");
    const back = await signInAtProvider(world.idp, flow, login("nonce"));

    const { location, refreshToken } = await callback(world.app, back, flow.cookie);

    expect(location.searchParams.get("error")).toBe("oidc_failed");
    expect(refreshToken).toBeUndefined();
  });

  it("when a code is replayed with its flow cookie, then the second use is refused", async () => {
    const flow = await startFlow(world.app);
    const back = await signInAtProvider(world.idp, flow, login("replay"));
    const first = await callback(world.app, back, flow.cookie);
    expect(first.refreshToken).toBeTruthy();

    const replay = await callback(world.app, back, flow.cookie);

    expect(replay.location.searchParams.get("error")).toBe("oidc_failed");
    expect(replay.refreshToken).toBeUndefined();
  });

  it("when the answer arrives with another browser's flow cookie or none, then it is refused", async () => {
    const victim = await startFlow(world.app);
    const attacker = await startFlow(world.app);
    const attackersAnswer = await signInAtProvider(world.idp, attacker, login("attacker"));

    for (const jar of [victim.cookie, undefined]) {
      const { location, refreshToken } = await callback(world.app, attackersAnswer, jar);
      expect(location.searchParams.get("error")).toBe("oidc_failed");
      expect(refreshToken).toBeUndefined();
    }
  });

  it("when the user cancels at the provider, then it comes back with oidc_cancelled and the flow cookie is deleted", async () => {
    const flow = await startFlow(world.app);
    const state = flow.authorizationUrl.searchParams.get("state")!;
    const res = await world.app.http
      .get(pathTo(apiPaths.oidcCallback, { provider: PROVIDER_ID }))
      .query({ error: "access_denied", state, iss: world.idp.issuer })
      .set("Cookie", flow.cookie)
      .expect(302);
    expect(new URL(res.headers.location!).searchParams.get("error")).toBe("oidc_cancelled");
    expect(flowCookieOf(res.headers["set-cookie"])).toBe("oidc_flow=");
  });

  it("when a callback has no code, then it fails instead of starting a new flow", async () => {
    const flow = await startFlow(world.app);
    const res = await world.app.http
      .get(pathTo(apiPaths.oidcCallback, { provider: PROVIDER_ID }))
      .set("Cookie", flow.cookie)
      .expect(302);
    expect(new URL(res.headers.location!).searchParams.get("error")).toBe("oidc_failed");
  });

  it("when an account was created through the provider, then no password logs in to it", async () => {
    const who = login("nopassword");
    await loginThroughProvider(world, who);
    const res = await world.app.http
      .post(apiPaths.login)
      .send({ email: `${who}@example.test`, password: "any password at all" })
      .expect(401);
    expect(res.body.code).toBe("invalid_credentials");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, cookie, registerUser, type RegisteredUser } from "../support/test-app.js";
import {
  APP_URL,
  linkIdentity,
  loginThroughProvider,
  PROVIDER_ID,
  startOidcWorld,
} from "../support/oidc-world.js";

type World = Awaited<ReturnType<typeof startOidcWorld>>;
let world: World;

beforeAll(async () => {
  world = await startOidcWorld();
});
afterAll(() => world.close());

const login = (label: string) => `${label}-${Math.random().toString(36).slice(2, 10)}`;

const link = (user: RegisteredUser, who: string) => linkIdentity(world, user, who);

describe("linking a provider", () => {
  it("when a user links a provider, then it is listed and logs in to their account", async () => {
    const user = await registerUser(world.app);
    const who = login("linked");

    const linked = await link(user, who);

    expect(linked.location.href).toBe(`${APP_URL}/auth/callback?returnTo=%2Fsecurity`);
    const list = await world.app.http
      .get("/api/user/identities")
      .set(bearer(user.accessToken))
      .expect(200);
    expect(list.body.identities).toEqual([
      {
        id: expect.any(String),
        provider: PROVIDER_ID,
        email: `${who}@example.test`,
        linkedAt: expect.any(String),
      },
    ]);
    const viaProvider = await loginThroughProvider(world, who);
    const me = await world.app.http
      .post("/api/auth/refresh")
      .set(cookie(viaProvider.refreshToken!))
      .expect(200);
    expect(me.body.user.id).toBe(user.id);
  });

  it("when the start of a link comes without the cookie of the request that asked for it, then it is refused", async () => {
    const res = await world.app.http.get(`/api/auth/oidc/${PROVIDER_ID}?intent=link`).expect(302);
    expect(res.headers.location).toBe(`${APP_URL}/security?error=oidc_failed`);
  });

  it("when the identity belongs to another account, then the link is refused with oidc_identity_taken", async () => {
    const who = login("taken");
    await loginThroughProvider(world, who);
    const user = await registerUser(world.app);

    const linked = await link(user, who);

    expect(linked.location.href).toBe(`${APP_URL}/security?error=oidc_identity_taken`);
    const list = await world.app.http
      .get("/api/user/identities")
      .set(bearer(user.accessToken))
      .expect(200);
    expect(list.body.identities).toEqual([]);
  });

  it("when the provider is unknown, then asking to link it answers 404", async () => {
    const user = await registerUser(world.app);
    const res = await world.app.http
      .post("/api/user/identities/nope")
      .set(bearer(user.accessToken))
      .expect(404);
    expect(res.body.code).toBe("not_found");
  });
});

describe("unlinking a provider", () => {
  it("when the account also has a password, then the identity is unlinked and no longer logs in to it", async () => {
    const user = await registerUser(world.app);
    const who = login("unlink");
    await link(user, who);
    const [identity] = (
      await world.app.http.get("/api/user/identities").set(bearer(user.accessToken))
    ).body.identities;

    await world.app.http
      .delete(`/api/user/identities/${identity.id}`)
      .set(bearer(user.accessToken))
      .expect(204);

    const list = await world.app.http
      .get("/api/user/identities")
      .set(bearer(user.accessToken))
      .expect(200);
    expect(list.body.identities).toEqual([]);
    // The same identity now has an email no account has: it gets an account of its own.
    const viaProvider = await loginThroughProvider(world, who);
    const me = await world.app.http
      .post("/api/auth/refresh")
      .set(cookie(viaProvider.refreshToken!))
      .expect(200);
    expect(me.body.user.id).not.toBe(user.id);
  });

  it("when it is the account's last way to log in, then it answers 409 last_credential", async () => {
    const { refreshToken } = await loginThroughProvider(world, login("only"));
    const { body } = await world.app.http
      .post("/api/auth/refresh")
      .set(cookie(refreshToken!))
      .expect(200);
    const [identity] = (
      await world.app.http.get("/api/user/identities").set(bearer(body.accessToken))
    ).body.identities;

    const res = await world.app.http
      .delete(`/api/user/identities/${identity.id}`)
      .set(bearer(body.accessToken))
      .expect(409);

    expect(res.body.code).toBe("last_credential");
  });

  it("when the identity is another user's, then it answers 404", async () => {
    const owner = await registerUser(world.app);
    await link(owner, login("owned"));
    const [identity] = (
      await world.app.http.get("/api/user/identities").set(bearer(owner.accessToken))
    ).body.identities;
    const other = await registerUser(world.app);

    const res = await world.app.http
      .delete(`/api/user/identities/${identity.id}`)
      .set(bearer(other.accessToken))
      .expect(404);

    expect(res.body.code).toBe("not_found");
  });
});

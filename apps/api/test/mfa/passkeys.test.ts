import { apiPaths, pathTo } from "@jwt-auth/shared";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SoftAuthenticator, UP } from "../support/soft-authenticator.js";
import { addPasskey as addPasskeyTo } from "../support/add-passkey.js";
import {
  bearer,
  refreshCookieOf,
  registerVerifiedUser,
  startTestApp,
  type RegisteredUser,
  type TestApp,
} from "../support/test-app.js";

const APP_URL = "http://localhost:5999";
let clock = Date.now();
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { APP_URL }, overrides: { now: () => clock } });
});
afterAll(async () => {
  await app.close();
});
beforeEach(() => {
  clock = Date.now();
});

const authenticator = () => new SoftAuthenticator("localhost", APP_URL);

function addPasskey(user: RegisteredUser, device = authenticator(), name?: string) {
  return addPasskeyTo(app, user, { device, name });
}

async function passkeyLogin(device: SoftAuthenticator, flags?: number) {
  const options = await app.http.post(apiPaths.passkeyLoginOptions).expect(200);
  return app.http.post(apiPaths.passkeyLogin).send({
    challengeId: options.body.challengeId,
    response: device.authenticate(options.body.options, flags),
  });
}

describe("adding a passkey", () => {
  it("when options are asked for, then they require a resident key and user verification, for APP_URL's host", async () => {
    const user = await registerVerifiedUser(app);
    const res = await app.http
      .post(apiPaths.passkeyOptions)
      .set(bearer(user.accessToken))
      .expect(200);
    expect(res.body.rp.id).toBe("localhost");
    expect(res.body.authenticatorSelection).toMatchObject({
      residentKey: "required",
      userVerification: "required",
    });
    expect(res.body.challenge).toEqual(expect.any(String));
  });

  it("when the authenticator's attestation verifies, then the passkey is stored, listed, and a notice is queued", async () => {
    const user = await registerVerifiedUser(app);
    const { res } = await addPasskey(user, authenticator(), "Work laptop");
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: "Work laptop",
      createdAt: new Date(clock).toISOString(),
      lastUsedAt: null,
    });
    const list = await app.http.get(apiPaths.passkeys).set(bearer(user.accessToken));
    expect(list.body).toEqual({ passkeys: [res.body] });
    const mfa = await app.http.get(apiPaths.mfa).set(bearer(user.accessToken));
    expect(mfa.body.passkeys).toEqual([res.body]);
    const mail = await app.deps.database.db
      .selectFrom("outbox")
      .select("template")
      .where("user_id", "=", user.id)
      .execute();
    expect(mail.map((m) => m.template)).toContain("passkey_added");
  });

  it("when the challenge was already used, or never issued, then 400 invalid_passkey", async () => {
    const user = await registerVerifiedUser(app);
    const { device, options } = await addPasskey(user);
    const replay = await app.http
      .post(apiPaths.passkeys)
      .set(bearer(user.accessToken))
      .send({ response: device.register(options) });
    expect(replay.status).toBe(400);
    expect(replay.body.code).toBe("invalid_passkey");
    const invented = await app.http
      .post(apiPaths.passkeys)
      .set(bearer(user.accessToken))
      .send({ response: authenticator().register({ ...options, challenge: "bm90LWlzc3VlZA" }) });
    expect(invented.body.code).toBe("invalid_passkey");
  });

  it("when the user was not verified, or the origin is another site's, then 400 invalid_passkey", async () => {
    const user = await registerVerifiedUser(app);
    const noUv = await app.http.post(apiPaths.passkeyOptions).set(bearer(user.accessToken));
    const resNoUv = await app.http
      .post(apiPaths.passkeys)
      .set(bearer(user.accessToken))
      .send({ response: authenticator().register(noUv.body, UP) });
    expect(resNoUv.body.code).toBe("invalid_passkey");

    const phished = await app.http.post(apiPaths.passkeyOptions).set(bearer(user.accessToken));
    const lookAlike = new SoftAuthenticator("localhost", "http://evil.example");
    const resPhished = await app.http
      .post(apiPaths.passkeys)
      .set(bearer(user.accessToken))
      .send({ response: lookAlike.register(phished.body) });
    expect(resPhished.body.code).toBe("invalid_passkey");
  });

  it("when the challenge is older than 5 minutes, then 400 invalid_passkey", async () => {
    const user = await registerVerifiedUser(app);
    const options = await app.http.post(apiPaths.passkeyOptions).set(bearer(user.accessToken));
    clock += 5 * 60_000 + 1;
    const res = await app.http
      .post(apiPaths.passkeys)
      .set(bearer(user.accessToken))
      .send({ response: authenticator().register(options.body) });
    expect(res.body.code).toBe("invalid_passkey");
  });

  it("when the response is not WebAuthn JSON, then 400 validation_failed", async () => {
    const user = await registerVerifiedUser(app);
    const res = await app.http
      .post(apiPaths.passkeys)
      .set(bearer(user.accessToken))
      .send({ response: { id: "<script>" } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("validation_failed");
  });
});

describe("logging in with a passkey", () => {
  it("when the assertion verifies, then it answers a session (no TOTP step) with amr hwk and user, and records the use", async () => {
    const user = await registerVerifiedUser(app);
    const { device, res: added } = await addPasskey(user);
    const res = await passkeyLogin(device);

    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(user.id);
    expect(refreshCookieOf(res.headers["set-cookie"])).toBeDefined();
    expect((jwt.decode(res.body.accessToken) as { amr: string[] }).amr).toEqual(["hwk", "user"]);
    const list = await app.http.get(apiPaths.passkeys).set(bearer(res.body.accessToken));
    expect(list.body.passkeys[0]).toMatchObject({
      id: added.body.id,
      lastUsedAt: new Date(clock).toISOString(),
    });
  });

  it("when options are asked for, then they carry a challenge id and an empty allow list", async () => {
    const res = await app.http.post(apiPaths.passkeyLoginOptions).expect(200);
    expect(res.body.challengeId).toEqual(expect.any(String));
    expect(res.body.options.allowCredentials ?? []).toEqual([]);
    expect(res.body.options.userVerification).toBe("required");
  });

  it("when the challenge is reused, the user not verified, or the key unknown, then 401 invalid_credentials", async () => {
    const user = await registerVerifiedUser(app);
    const { device } = await addPasskey(user);
    const options = await app.http.post(apiPaths.passkeyLoginOptions);
    const response = device.authenticate(options.body.options);
    const first = await app.http
      .post(apiPaths.passkeyLogin)
      .send({ challengeId: options.body.challengeId, response });
    expect(first.status).toBe(200);
    const replay = await app.http
      .post(apiPaths.passkeyLogin)
      .send({ challengeId: options.body.challengeId, response });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe("invalid_credentials");

    expect((await passkeyLogin(device, UP)).body.code).toBe("invalid_credentials");
    expect((await passkeyLogin(authenticator())).body.code).toBe("invalid_credentials");
  });

  it("when the TOTP step is on, then a passkey login still needs no code", async () => {
    const user = await registerVerifiedUser(app);
    const { device } = await addPasskey(user);
    const { enableTotp } = await import("../support/totp.js");
    await enableTotp(app, user, clock);
    const res = await passkeyLogin(device);
    expect(res.status).toBe(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
  });
});

describe("removing a passkey", () => {
  it("when the user has a password too, then the passkey is removed and stops logging in", async () => {
    const user = await registerVerifiedUser(app);
    const { device, res: added } = await addPasskey(user);
    await app.http
      .delete(pathTo(apiPaths.passkey, { id: added.body.id }))
      .set(bearer(user.accessToken))
      .expect(204);
    expect((await passkeyLogin(device)).body.code).toBe("invalid_credentials");
  });

  it("when it is another user's or unknown, then 404 not_found", async () => {
    const owner = await registerVerifiedUser(app);
    const { res: added } = await addPasskey(owner);
    const other = await registerVerifiedUser(app);
    for (const id of [added.body.id, "unknown"]) {
      const res = await app.http
        .delete(pathTo(apiPaths.passkey, { id: id }))
        .set(bearer(other.accessToken));
      expect(res.status).toBe(404);
      expect(res.body.code).toBe("not_found");
    }
  });

  it("when it is the last way to log in, then 409 last_credential", async () => {
    const user = await registerVerifiedUser(app);
    const { res: first } = await addPasskey(user);
    const { res: second } = await addPasskey(user);
    // An account without a password, as OpenID Connect creates them.
    await app.deps.database.db
      .updateTable("users")
      .set({ password_hash: "" })
      .where("id", "=", user.id)
      .execute();
    await app.http
      .delete(pathTo(apiPaths.passkey, { id: first.body.id }))
      .set(bearer(user.accessToken))
      .expect(204);
    const res = await app.http
      .delete(pathTo(apiPaths.passkey, { id: second.body.id }))
      .set(bearer(user.accessToken));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("last_credential");
  });
});

describe("stepping up with a passkey", () => {
  const stepUp = async (user: RegisteredUser, device: SoftAuthenticator) => {
    const options = await app.http.post("/api/auth/passkey/options").expect(200);
    return app.http
      .post("/api/auth/reauthenticate")
      .set(bearer(user.accessToken))
      .send({
        passkey: {
          challengeId: options.body.challengeId,
          response: device.authenticate(options.body.options),
        },
      });
  };

  it("when the account's own passkey signs, then the same session gets a fresh auth_time with amr hwk and user", async () => {
    const user = await registerVerifiedUser(app);
    const { device } = await addPasskey(user);
    const before = jwt.decode(user.accessToken) as { sid: string; auth_time: number };
    clock += 11 * 60_000;

    const res = await stepUp(user, device);

    expect(res.status).toBe(200);
    const claims = jwt.decode(res.body.accessToken as string) as {
      sid: string;
      auth_time: number;
      amr: string[];
    };
    expect(claims.sid).toBe(before.sid);
    expect(claims.auth_time).toBeGreaterThan(before.auth_time);
    expect(claims.amr).toEqual(["hwk", "user"]);
  });

  it("when another account's passkey signs, then 401 invalid_credentials", async () => {
    const user = await registerVerifiedUser(app);
    const someoneElse = await registerVerifiedUser(app);
    const { device } = await addPasskey(someoneElse);

    const res = await stepUp(user, device);

    expect(res.status).toBe(401);
    expect(res.body.code).toBe("invalid_credentials");
  });
});

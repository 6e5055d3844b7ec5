import { apiPaths } from "@jwt-auth/shared";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { enableTotp, totpCode } from "../support/totp.js";
import {
  bearer,
  cookie,
  refreshCookieOf,
  registerVerifiedUser,
  startTestApp,
  type RegisteredUser,
  type TestApp,
} from "../support/test-app.js";

let clock = Date.now();
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ overrides: { now: () => clock } });
});
afterAll(async () => {
  await app.close();
});
beforeEach(() => {
  clock = Date.now();
});

const STEP = 30_000;

async function userWithTotp() {
  const user = await registerVerifiedUser(app);
  const totp = await enableTotp(app, user, clock);
  // The enabling code used this step: logins in these tests start one step later.
  clock += STEP;
  return { user, ...totp };
}

async function passwordStep(user: RegisteredUser) {
  return app.http.post(apiPaths.login).send({ email: user.email, password: user.password });
}

async function mfaTokenOf(user: RegisteredUser): Promise<string> {
  const res = await passwordStep(user);
  expect(res.status).toBe(200);
  return res.body.mfaToken as string;
}

const secondStep = (mfaToken: unknown, code: unknown) =>
  app.http.post(apiPaths.loginMfa).send({ mfaToken, code });

const events = async (userId: string) =>
  (
    await app.deps.database.db
      .selectFrom("activity_events")
      .select("type")
      .where("user_id", "=", userId)
      .execute()
  ).map((e) => e.type);

describe("POST /api/auth/login with TOTP on", () => {
  it("when the password is right, then it answers mfaRequired with an mfaToken, no access token and no cookie", async () => {
    const { user } = await userWithTotp();
    const res = await passwordStep(user);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      mfaRequired: true,
      mfaToken: expect.any(String),
      methods: ["totp", "backup_code"],
      expiresIn: 300,
    });
    expect(res.headers["set-cookie"]).toBeUndefined();
  });

  it("when the password is wrong, then it is 401 invalid_credentials as always", async () => {
    const { user } = await userWithTotp();
    const res = await app.http
      .post(apiPaths.login)
      .send({ email: user.email, password: "wrong password" });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("invalid_credentials");
  });
});

describe("POST /api/auth/login/mfa", () => {
  it("when the code is right, then it answers a session whose access token says pwd, mfa and otp", async () => {
    const { user, secret } = await userWithTotp();
    const res = await secondStep(await mfaTokenOf(user), totpCode(secret, clock));

    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(user.id);
    expect(refreshCookieOf(res.headers["set-cookie"])).toBeDefined();
    const claims = jwt.decode(res.body.accessToken) as { amr: string[]; auth_time: number };
    expect(claims.amr).toEqual(expect.arrayContaining(["pwd", "mfa", "otp"]));
    expect(claims.auth_time).toBe(Math.floor(clock / 1000));
    await app.http.get(apiPaths.profile).set(bearer(res.body.accessToken)).expect(200);
  });

  it("when the code is one step old or one step ahead, then it is accepted; two steps off, refused", async () => {
    const { user, secret } = await userWithTotp();
    clock += 5 * STEP;
    const tooOld = await secondStep(await mfaTokenOf(user), totpCode(secret, clock - 2 * STEP));
    expect(tooOld.body.code).toBe("invalid_mfa_code");
    const tooNew = await secondStep(await mfaTokenOf(user), totpCode(secret, clock + 2 * STEP));
    expect(tooNew.body.code).toBe("invalid_mfa_code");
    const previous = await secondStep(await mfaTokenOf(user), totpCode(secret, clock - STEP));
    expect(previous.status).toBe(200);
    const next = await secondStep(await mfaTokenOf(user), totpCode(secret, clock + STEP));
    expect(next.status).toBe(200);
  });

  it("when a code that was accepted is used again, then it is refused, even with a new mfaToken", async () => {
    const { user, secret } = await userWithTotp();
    const code = totpCode(secret, clock);
    expect((await secondStep(await mfaTokenOf(user), code)).status).toBe(200);

    const replay = await secondStep(await mfaTokenOf(user), code);
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe("invalid_mfa_code");
    // Nor is an older step once a later one was used.
    const older = await secondStep(await mfaTokenOf(user), totpCode(secret, clock - STEP));
    expect(older.body.code).toBe("invalid_mfa_code");
  });

  it("when the same code is sent twice at once, then exactly one login succeeds", async () => {
    const { user, secret } = await userWithTotp();
    const code = totpCode(secret, clock);
    const [a, b] = await Promise.all([mfaTokenOf(user), mfaTokenOf(user)]);
    const results = await Promise.all([secondStep(a, code), secondStep(b, code)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it("when a backup code is used, then it logs in once and never again, and the count drops", async () => {
    const { user, backupCodes } = await userWithTotp();
    const code = backupCodes[3]!;
    const first = await secondStep(await mfaTokenOf(user), code.toUpperCase());
    expect(first.status).toBe(200);
    expect((jwt.decode(first.body.accessToken) as { amr: string[] }).amr).toContain("mfa");

    const again = await secondStep(await mfaTokenOf(user), code);
    expect(again.status).toBe(401);
    expect(again.body.code).toBe("invalid_mfa_code");
    const status = await app.http.get(apiPaths.mfa).set(bearer(first.body.accessToken));
    expect(status.body.backupCodesRemaining).toBe(9);
    expect(await events(user.id)).toContain("backup_code_used");
  });

  it("when backup codes are regenerated, then the old ones stop working", async () => {
    const { user, backupCodes } = await userWithTotp();
    await app.http.post(apiPaths.backupCodes).set(bearer(user.accessToken)).expect(200);
    const res = await secondStep(await mfaTokenOf(user), backupCodes[0]);
    expect(res.body.code).toBe("invalid_mfa_code");
  });

  it("when the mfaToken succeeded once, then it cannot log in again", async () => {
    const { user, secret, backupCodes } = await userWithTotp();
    const mfaToken = await mfaTokenOf(user);
    expect((await secondStep(mfaToken, totpCode(secret, clock))).status).toBe(200);
    const res = await secondStep(mfaToken, backupCodes[0]);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("invalid_mfa_token");
  });

  it("when 5 wrong codes were sent, then the mfaToken is dead, even for the right code", async () => {
    const { user, secret } = await userWithTotp();
    const mfaToken = await mfaTokenOf(user);
    const right = totpCode(secret, clock);
    const wrong = right === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) {
      const res = await secondStep(mfaToken, wrong);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe("invalid_mfa_code");
    }
    const res = await secondStep(mfaToken, right);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("invalid_mfa_token");
    expect((await events(user.id)).filter((type) => type === "mfa_failed")).toHaveLength(5);
    // A new password step gives a new token; the unused code still works with it.
    expect((await secondStep(await mfaTokenOf(user), right)).status).toBe(200);
  });

  it("when the mfaToken is older than 5 minutes, then it is refused", async () => {
    const { user, secret } = await userWithTotp();
    const mfaToken = await mfaTokenOf(user);
    clock += 5 * 60_000 + 1;
    const res = await secondStep(mfaToken, totpCode(secret, clock));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("invalid_mfa_token");
  });

  it("when an access token, a refresh token or garbage is sent as the mfaToken, then it is refused", async () => {
    const { user, secret } = await userWithTotp();
    const other = await registerVerifiedUser(app);
    for (const token of [other.accessToken, other.refreshToken, user.accessToken, "mfa_x"]) {
      const res = await secondStep(token, totpCode(secret, clock));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe("invalid_mfa_token");
    }
  });

  it("when the mfaToken is sent as a Bearer token or as the refresh cookie, then it is refused", async () => {
    const { user } = await userWithTotp();
    const mfaToken = await mfaTokenOf(user);
    const asBearer = await app.http.get(apiPaths.profile).set(bearer(mfaToken));
    expect(asBearer.status).toBe(401);
    expect(asBearer.body.code).toBe("token_invalid");
    const asCookie = await app.http.post(apiPaths.refresh).set(cookie(mfaToken));
    expect(asCookie.status).toBe(401);
    expect(asCookie.body.code).toBe("invalid_refresh_token");
  });

  it("when the body is incomplete, then 400 validation_failed", async () => {
    for (const body of [{}, { mfaToken: "x" }, { code: "123456" }, { mfaToken: 1, code: [] }]) {
      const res = await app.http.post(apiPaths.loginMfa).send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("validation_failed");
    }
  });

  it("when TOTP is turned off, then the password alone logs in again", async () => {
    const { user } = await userWithTotp();
    await app.http.delete(apiPaths.totp).set(bearer(user.accessToken)).expect(204);
    const res = await passwordStep(user);
    expect(res.status).toBe(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
  });
});

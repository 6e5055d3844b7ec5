import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { enableTotp, totpCode } from "../support/totp.js";
import { bearer, registerVerifiedUser, startTestApp, type TestApp } from "../support/test-app.js";

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

const db = () => app.deps.database.db;
const status = (token: string) => app.http.get(apiPaths.mfa).set(bearer(token));

describe("TOTP setup, /api/user/mfa", () => {
  it("when a user has no second factor, then the status says so", async () => {
    const user = await registerVerifiedUser(app);
    const res = await status(user.accessToken);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ totpEnabled: false, backupCodesRemaining: 0, passkeys: [] });
  });

  it("when setup starts, then it answers the secret, its otpauth URL and a QR code, and stores the secret encrypted", async () => {
    const user = await registerVerifiedUser(app);
    const res = await app.http.post(apiPaths.totpSetup).set(bearer(user.accessToken)).expect(200);

    expect(res.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(res.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/.+\?.*secret=/);
    expect(res.body.otpauthUrl).toContain(`secret=${res.body.secret}`);
    expect(res.body.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    const row = await db()
      .selectFrom("totp_factors")
      .selectAll()
      .where("user_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row.enabled_at).toBeNull();
    expect(row.secret_enc).not.toContain(res.body.secret);
    expect(row.secret_enc.toLowerCase()).not.toContain(res.body.secret.toLowerCase());
    expect(JSON.stringify(row)).not.toContain(res.body.secret);
    // Pending until the first code: the login is still a plain password login.
    expect((await status(user.accessToken)).body.totpEnabled).toBe(false);
  });

  it("when the first code is wrong, then 400 invalid_mfa_code and TOTP stays off", async () => {
    const user = await registerVerifiedUser(app);
    const setup = await app.http.post(apiPaths.totpSetup).set(bearer(user.accessToken)).expect(200);
    const wrong = totpCode(setup.body.secret, clock - 10 * 60_000);
    const res = await app.http
      .post(apiPaths.totpEnable)
      .set(bearer(user.accessToken))
      .send({ code: wrong });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("invalid_mfa_code");
    expect((await status(user.accessToken)).body.totpEnabled).toBe(false);
  });

  it("when enabled with a correct code, then it answers 10 backup codes, stored hashed, and a notice is queued", async () => {
    const user = await registerVerifiedUser(app);
    const { backupCodes } = await enableTotp(app, user, clock);

    expect(backupCodes).toHaveLength(10);
    expect(new Set(backupCodes).size).toBe(10);
    expect((await status(user.accessToken)).body).toMatchObject({
      totpEnabled: true,
      backupCodesRemaining: 10,
    });
    const stored = await db()
      .selectFrom("backup_codes")
      .select("code_hash")
      .where("user_id", "=", user.id)
      .execute();
    expect(stored).toHaveLength(10);
    for (const code of backupCodes) {
      expect(JSON.stringify(stored)).not.toContain(code);
      expect(JSON.stringify(stored)).not.toContain(code.replace("-", ""));
    }
    const mail = await db()
      .selectFrom("outbox")
      .select("template")
      .where("user_id", "=", user.id)
      .execute();
    expect(mail.map((m) => m.template)).toContain("mfa_enabled");
    const events = await db()
      .selectFrom("activity_events")
      .select("type")
      .where("user_id", "=", user.id)
      .execute();
    expect(events.map((e) => e.type)).toContain("mfa_enabled");
  });

  it("when TOTP is already on, then a new setup answers 409 mfa_already_enabled", async () => {
    const user = await registerVerifiedUser(app);
    await enableTotp(app, user, clock);
    const res = await app.http.post(apiPaths.totpSetup).set(bearer(user.accessToken));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("mfa_already_enabled");
  });

  it("when backup codes are regenerated, then new ones come back, the count resets and a notice is queued", async () => {
    const user = await registerVerifiedUser(app);
    const { backupCodes } = await enableTotp(app, user, clock);
    const res = await app.http.post(apiPaths.backupCodes).set(bearer(user.accessToken)).expect(200);
    expect(res.body.backupCodes).toHaveLength(10);
    expect(res.body.backupCodes).not.toContain(backupCodes[0]);
    const mail = await db()
      .selectFrom("outbox")
      .select("template")
      .where("user_id", "=", user.id)
      .execute();
    expect(mail.map((m) => m.template)).toContain("backup_codes_regenerated");
  });

  it("when TOTP is off, then regenerating backup codes answers 409 mfa_not_enabled", async () => {
    const user = await registerVerifiedUser(app);
    const res = await app.http.post(apiPaths.backupCodes).set(bearer(user.accessToken));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("mfa_not_enabled");
  });

  it("when TOTP is turned off, then it and its backup codes are gone, and a notice is queued", async () => {
    const user = await registerVerifiedUser(app);
    await enableTotp(app, user, clock);
    await app.http.delete(apiPaths.totp).set(bearer(user.accessToken)).expect(204);

    expect((await status(user.accessToken)).body).toMatchObject({
      totpEnabled: false,
      backupCodesRemaining: 0,
    });
    const codes = await db()
      .selectFrom("backup_codes")
      .select("code_hash")
      .where("user_id", "=", user.id)
      .execute();
    expect(codes).toEqual([]);
    const mail = await db()
      .selectFrom("outbox")
      .select("template")
      .where("user_id", "=", user.id)
      .execute();
    expect(mail.map((m) => m.template)).toContain("mfa_disabled");
  });

  it("when the login is older than REAUTH_MAX_AGE, then setup, turning off and regenerating need a fresh login", async () => {
    const user = await registerVerifiedUser(app);
    await enableTotp(app, user, clock);
    clock += 11 * 60_000;
    for (const res of [
      await app.http.post(apiPaths.totpSetup).set(bearer(user.accessToken)),
      await app.http.delete(apiPaths.totp).set(bearer(user.accessToken)),
      await app.http.post(apiPaths.backupCodes).set(bearer(user.accessToken)),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.code).toBe("reauthentication_required");
    }
    expect((await status(user.accessToken)).body.totpEnabled).toBe(true);
  });

  it("when there is no access token, then every MFA route answers 401", async () => {
    for (const res of [
      await app.http.get(apiPaths.mfa),
      await app.http.post(apiPaths.totpSetup),
      await app.http.post(apiPaths.totpEnable).send({ code: "123456" }),
      await app.http.delete(apiPaths.totp),
      await app.http.post(apiPaths.backupCodes),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.code).toBe("token_missing");
    }
  });
});

import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { requireAuthOf } from "../../src/app.js";
import { requireVerifiedEmail } from "../../src/auth/require-verified-email.js";
import { linkTokensFor, mailTo, waitForLink } from "../accounts/mailbox.js";
import { createTestSchema, type TestSchema } from "../postgres/test-database.js";
import { enableTotp, totpCode } from "../support/totp.js";
import {
  bearer,
  cookie,
  login,
  registerUser,
  registerVerifiedUser,
  startTestApp,
  uniqueEmail,
  type TestApp,
} from "../support/test-app.js";

/**
 * Takeovers that chain flows, each written the way the attacker runs it. Every flow here is
 * right on its own; these are the paths between them (docs/account-security.md, "How the
 * flows compose").
 */
let clock = Date.now();
let app: TestApp;
const own = express.Router();

beforeAll(async () => {
  app = await startTestApp({ overrides: { now: () => clock, extraRoutes: [own] } });
  own.get("/api/own/ping", requireAuthOf(app.app), (_req, res) => void res.json({ ok: true }));
  own.post(
    "/api/own/invitations",
    requireAuthOf(app.app),
    requireVerifiedEmail,
    (_req, res) => void res.status(204).end(),
  );
});
afterAll(() => app?.close());
beforeEach(() => {
  clock = Date.now();
});

const forgot = (email: string) =>
  app.http.post("/api/auth/password/forgot").send({ email }).expect(202);
const reset = (token: string, newPassword: string) =>
  app.http.post("/api/auth/password/reset").send({ token, newPassword });

describe("1. a pending email change does not outlive the owner's recovery", () => {
  it("when the owner resets the password after an attacker asked to move the email, then the attacker's confirm link is dead", async () => {
    const owner = await registerVerifiedUser(app);
    // The attacker holds one fresh session of the owner's (a stolen token, say).
    const attackerInbox = uniqueEmail("attacker");
    await app.http
      .post("/api/user/email")
      .set(bearer(owner.accessToken))
      .send({ newEmail: attackerInbox })
      .expect(202);
    const confirm = (await linkTokensFor(app, attackerInbox, "confirm-email"))[0]!;

    // The owner reads the notice and does what it advises.
    await forgot(owner.email);
    await reset(
      await waitForLink(app, owner.email, "reset-password"),
      "owner's new passphrase",
    ).expect(204);

    const res = await app.http.post("/api/auth/email/confirm").send({ token: confirm });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("invalid_link");
  });

  it("when the owner clicks the notice's cancel link, then the change dies and every session ends", async () => {
    const owner = await registerVerifiedUser(app);
    const attackerInbox = uniqueEmail("attacker");
    await app.http
      .post("/api/user/email")
      .set(bearer(owner.accessToken))
      .send({ newEmail: attackerInbox })
      .expect(202);
    const confirm = (await linkTokensFor(app, attackerInbox, "confirm-email"))[0]!;
    const [notice] = await mailTo(app, owner.email).then((all) =>
      all.filter((m) => m.text.includes("/cancel-email-change#token=")),
    );
    const cancel = /cancel-email-change#token=([A-Za-z0-9_-]+)/.exec(notice!.text)![1]!;

    await app.http.post("/api/auth/email/cancel").send({ token: cancel }).expect(204);

    expect(
      (await app.http.post("/api/auth/email/confirm").send({ token: confirm })).body.code,
    ).toBe("invalid_link");
    expect((await app.http.get("/api/user/profile").set(bearer(owner.accessToken))).body.code).toBe(
      "token_revoked",
    );
    const again = await app.http.post("/api/auth/email/cancel").send({ token: cancel });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe("invalid_link");
  });
});

describe("2. pre-hijacking: an address squatted before its owner proved it", () => {
  it("when a squatter registers the victim's address, then no second factor, passkey or provider can be attached to it", async () => {
    const squatter = await registerUser(app, { email: uniqueEmail("victim") });
    for (const [method, path] of [
      ["post", "/api/user/mfa/totp/setup"],
      ["post", "/api/user/passkeys/options"],
      ["post", "/api/user/identities/acme"],
    ] as const) {
      const res = await app.http[method](path).set(bearer(squatter.accessToken));
      expect({ path, status: res.status, code: res.body.code }).toEqual({
        path,
        status: 403,
        code: "email_not_verified",
      });
    }
  });

  it("when the owner verifies the address, then the token signed before it may set up a second factor, a passkey and an app's own guarded route", async () => {
    const owner = await registerUser(app);
    const guarded = [
      ["post", "/api/user/mfa/totp/setup"],
      ["post", "/api/user/passkeys/options"],
      ["post", "/api/own/invitations"],
    ] as const;
    for (const [method, path] of guarded)
      expect((await app.http[method](path).set(bearer(owner.accessToken))).body.code).toBe(
        "email_not_verified",
      );

    const token = await waitForLink(app, owner.email, "verify-email");
    await app.http.post("/api/auth/verify-email").send({ token }).expect(200);

    // The same access token, its `email_verified` claim still false: the account decides.
    const statuses = [];
    for (const [method, path] of guarded)
      statuses.push([path, (await app.http[method](path).set(bearer(owner.accessToken))).status]);
    expect(statuses).toEqual([
      ["/api/user/mfa/totp/setup", 200],
      ["/api/user/passkeys/options", 200],
      ["/api/own/invitations", 204],
    ]);
  });

  it("when the victim recovers a squatted account by reset, then whatever the squatter attached is gone and the password alone logs in", async () => {
    const victimEmail = uniqueEmail("victim");
    const squatter = await registerUser(app, { email: victimEmail });
    // A factor attached before the rule existed: the state an older version could leave.
    await setVerified(squatter.id, clock);
    const refreshed = await app.http
      .post("/api/auth/refresh")
      .set(cookie(squatter.refreshToken))
      .expect(200);
    await enableTotp(app, { ...squatter, accessToken: refreshed.body.accessToken }, clock);
    await setVerified(squatter.id, null);
    clock += 30_000;

    await forgot(victimEmail);
    await reset(
      await waitForLink(app, victimEmail, "reset-password"),
      "the victim's own pass",
    ).expect(204);

    const res = await app.http
      .post("/api/auth/login")
      .send({ email: victimEmail, password: "the victim's own pass" })
      .expect(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    expect(res.body.mfaRequired).toBeUndefined();
    expect((await app.http.get("/api/user/profile").set(bearer(squatter.accessToken))).status).toBe(
      401,
    );
  });
});

describe("4. step-up asks for what the login asks for", () => {
  it("when a stolen token and a phished password try to step up on a TOTP account, then 401 mfa_required", async () => {
    const user = await registerVerifiedUser(app);
    const { secret } = await enableTotp(app, user, clock);
    clock += 11 * 60_000; // the login is stale now

    const res = await app.http
      .post("/api/auth/reauthenticate")
      .set(bearer(user.accessToken))
      .send({ password: user.password });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("mfa_required");
    // Not even a wrong password is told apart: nothing to learn about the password here.
    const wrong = await app.http
      .post("/api/auth/reauthenticate")
      .set(bearer(user.accessToken))
      .send({ password: "a guess" });
    expect(wrong.body.code).toBe("mfa_required");
    // The code is what steps up.
    const stepped = await app.http
      .post("/api/auth/reauthenticate")
      .set(bearer(user.accessToken))
      .send({ code: totpCode(secret, clock) })
      .expect(200);
    await app.http
      .delete("/api/user/mfa/totp")
      .set(bearer(stepped.body.accessToken as string))
      .expect(204);
  });
});

describe("5. a second step handed out before a reset", () => {
  it("when the password is reset, then an mfaToken from before it no longer completes a login", async () => {
    const user = await registerVerifiedUser(app);
    const { secret } = await enableTotp(app, user, clock);
    clock += 30_000;
    const before = await app.http
      .post("/api/auth/login")
      .send({ email: user.email, password: user.password })
      .expect(200);

    await forgot(user.email);
    await reset(await waitForLink(app, user.email, "reset-password"), "after the reset").expect(
      204,
    );

    const res = await app.http
      .post("/api/auth/login/mfa")
      .send({ mfaToken: before.body.mfaToken, code: totpCode(secret, clock) });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("invalid_mfa_token");
  });
});

describe("6. a password change is announced", () => {
  it("when the password is changed, then the account's address gets the notice", async () => {
    const user = await registerVerifiedUser(app);
    await app.http
      .post("/api/user/password")
      .set(bearer(user.accessToken))
      .send({ currentPassword: user.password, newPassword: "changed and announced" })
      .expect(204);
    const subjects = (await mailTo(app, user.email)).map((m) => m.subject);
    expect(subjects.some((s) => s.startsWith("Your password was changed"))).toBe(true);
  });
});

describe("7. backup codes at rest", () => {
  it("when the table is copied, then a stored code is not the bare SHA-256 of a code", async () => {
    const { createHash } = await import("node:crypto");
    const user = await registerVerifiedUser(app);
    const { backupCodes } = await enableTotp(app, user, clock);
    const stored = (
      await app.deps.database.db
        .selectFrom("backup_codes")
        .select("code_hash")
        .where("user_id", "=", user.id)
        .execute()
    ).map((row) => row.code_hash);
    const bare = backupCodes.map((code) =>
      createHash("sha256").update(code.replace("-", "")).digest("base64url"),
    );
    expect(stored).toHaveLength(10);
    for (const hash of stored) {
      expect(hash.startsWith("k1.")).toBe(true);
      expect(bare).not.toContain(hash);
      expect(bare.map((b) => `k1.${b}`)).not.toContain(hash);
    }
  });
});

describe("8. links in the outbox", () => {
  it("when a reset link waits in the outbox, then the table holds it only sealed", async () => {
    const user = await registerVerifiedUser(app);
    await forgot(user.email);
    const token = await waitForLink(app, user.email, "reset-password");
    const rows = await app.deps.database.db
      .selectFrom("outbox")
      .select(["text", "html", "sealed"])
      .where("to_address", "=", user.email)
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(`${row.text}${row.html}${row.sealed ?? ""}`).not.toContain(token);
    }
    expect(rows.some((row) => row.sealed !== null)).toBe(true);
  });
});

describe("10. deletion racing a login", () => {
  it("when logins race the deletion of their account, then no access token of it works afterwards, even on a route that reads nothing", async () => {
    const tokens: string[] = [];
    for (let round = 0; round < 5; round++) {
      const user = await registerUser(app);
      const logins = Array.from({ length: 3 }, () =>
        app.http.post("/api/auth/login").send({ email: user.email, password: user.password }),
      );
      const [deleted, ...answers] = await Promise.all([
        app.http.delete("/api/user").set(bearer(user.accessToken)),
        ...logins,
      ]);
      expect(deleted.status).toBe(204);
      for (const answer of answers) {
        expect([200, 401]).toContain(answer.status);
        if (answer.status === 200) tokens.push(answer.body.accessToken as string);
      }
      tokens.push(user.accessToken);
    }
    for (const token of tokens) {
      expect((await app.http.get("/api/own/ping").set(bearer(token))).status).toBe(401);
    }
  });
});

async function setVerified(userId: string, at: number | null) {
  await app.deps.database.db
    .updateTable("users")
    .set({ email_verified_at: at })
    .where("id", "=", userId)
    .execute();
}

describe("deletion racing a login, on PostgreSQL", () => {
  let pgApp: TestApp;
  let place: TestSchema;
  const pgOwn = express.Router();

  beforeAll(async () => {
    place = await createTestSchema();
    pgApp = await startTestApp({ databaseUrl: place.url, overrides: { extraRoutes: [pgOwn] } });
    pgOwn.get("/api/own/ping", requireAuthOf(pgApp.app), (_req, res) => void res.json({ ok: 1 }));
  });
  afterAll(async () => {
    await pgApp?.close();
    await place?.drop();
  });

  it("when logins race the deletion, then every session they started is revoked with the account", async () => {
    const tokens: string[] = [];
    for (let round = 0; round < 5; round++) {
      const user = await registerUser(pgApp);
      const [deleted, ...answers] = await Promise.all([
        pgApp.http.delete("/api/user").set(bearer(user.accessToken)),
        ...Array.from({ length: 3 }, () =>
          pgApp.http.post("/api/auth/login").send({ email: user.email, password: user.password }),
        ),
      ]);
      expect(deleted.status).toBe(204);
      for (const answer of answers) {
        expect([200, 401]).toContain(answer.status);
        if (answer.status === 200) tokens.push(answer.body.accessToken as string);
      }
    }
    for (const token of tokens) {
      expect((await pgApp.http.get("/api/own/ping").set(bearer(token))).status).toBe(401);
    }
  });
});

describe("a refresh cookie of a session a credential event ended", () => {
  it("when the other device refreshes after a password change elsewhere, then it is refused and told why", async () => {
    const user = await registerVerifiedUser(app);
    const other = await login(app, user.email, user.password);
    await app.http
      .post("/api/user/password")
      .set(bearer(user.accessToken))
      .send({ currentPassword: user.password, newPassword: "changed on one device" })
      .expect(204);
    const res = await app.http.post("/api/auth/refresh").set(cookie(other.refreshToken));
    expect(res.status).toBe(401);
    expect(res.body.reason).toBe("password_changed");
  });
});

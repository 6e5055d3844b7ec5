import { AdminUser, AdminUserDetail, AdminUserList, AuditPage } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForLink } from "../accounts/mailbox.js";
import { enableTotp } from "../support/totp.js";
import {
  bearer,
  cookie,
  login,
  registerUser,
  registerVerifiedUser,
  startTestApp,
  uniqueEmail,
  type RegisteredUser,
  type TestApp,
} from "../support/test-app.js";
import { refresh, registerAdmin } from "./admin-support.js";

let now = Date.now();
let app: TestApp;
let admin: RegisteredUser;
beforeAll(async () => {
  app = await startTestApp({ env: { REAUTH_MAX_AGE: "10m" }, overrides: { now: () => now } });
  admin = await registerAdmin(app);
});
afterAll(() => app?.close());

const as = (user: RegisteredUser) => bearer(user.accessToken);
const tick = () => (now += 1_000);

/** Each mutation, as a request of `user` against `target`. */
const mutations = {
  lock: (id: string) =>
    app.http.post(`/api/admin/users/${id}/lock`).send({ reason: "Fraud check" }),
  unlock: (id: string) => app.http.post(`/api/admin/users/${id}/unlock`),
  revoke: (id: string) => app.http.post(`/api/admin/users/${id}/sessions/revoke`),
  resetMfa: (id: string) => app.http.delete(`/api/admin/users/${id}/mfa`),
  passwordReset: (id: string) => app.http.post(`/api/admin/users/${id}/password-reset`),
  roles: (id: string) => app.http.put(`/api/admin/users/${id}/roles`).send({ roles: ["user"] }),
  delete: (id: string) => app.http.delete(`/api/admin/users/${id}`),
};

describe("who may use the admin API", () => {
  it("when a user without the admin role calls any admin route, then it answers 403 forbidden", async () => {
    const user = await registerUser(app);
    const target = await registerUser(app);
    for (const path of ["/api/admin/users", "/api/admin/audit", `/api/admin/users/${target.id}`]) {
      const res = await app.http.get(path).set(as(user));
      expect(res.status, path).toBe(403);
      expect(res.body.code).toBe("forbidden");
    }
    for (const [name, send] of Object.entries(mutations)) {
      const res = await send(target.id).set(as(user));
      expect(res.status, name).toBe(403);
      expect(res.body.code).toBe("forbidden");
    }
  });

  it("when no token is sent, then it answers 401 token_missing", async () => {
    expect((await app.http.get("/api/admin/users")).body.code).toBe("token_missing");
  });

  it("when an administrator's login is stale, then reads work and every change answers 401 reauthentication_required", async () => {
    const stale = await registerAdmin(app);
    const target = await registerUser(app);
    now += 11 * 60_000;
    try {
      await refresh(app, stale); // a refresh keeps auth_time: still stale
      await app.http.get("/api/admin/users").set(as(stale)).expect(200);
      for (const [name, send] of Object.entries(mutations)) {
        const res = await send(target.id).set(as(stale));
        expect(res.status, name).toBe(401);
        expect(res.body.code).toBe("reauthentication_required");
        expect(res.headers["www-authenticate"]).toContain("insufficient_user_authentication");
      }
    } finally {
      now -= 11 * 60_000;
    }
  });

  it("when the user id is unknown, then every route about a user answers 404 not_found", async () => {
    const res = await app.http.get("/api/admin/users/no-such-user").set(as(admin));
    expect(res.status).toBe(404);
    for (const [name, send] of Object.entries(mutations)) {
      const answer = await send("no-such-user").set(as(admin));
      expect(answer.status, name).toBe(404);
      expect(answer.body.code).toBe("not_found");
    }
  });
});

describe("GET /api/admin/users", () => {
  it("when searched by part of an email or a name, in any case, then the matching users come newest first", async () => {
    const tag = `zq${Math.random().toString(36).slice(2, 8)}`;
    tick();
    const older = await registerUser(app, { email: `${tag}-older@example.com`, name: "Older One" });
    tick();
    const newer = await registerUser(app, { name: `Newer ${tag.toUpperCase()}` });
    tick();
    await registerUser(app);

    const res = await app.http
      .get(`/api/admin/users?query=${tag.toUpperCase()}`)
      .set(as(admin))
      .expect(200);
    const page = AdminUserList.parse(res.body);
    expect(page.users.map((u) => u.id)).toEqual([newer.id, older.id]);
    expect(page.next).toBeNull();
    expect(page.users[1]).toEqual({
      id: older.id,
      email: older.email,
      name: "Older One",
      emailVerified: false,
      roles: ["user"],
      createdAt: expect.any(String),
      lastLoginAt: expect.any(String),
      locked: null,
      totpEnabled: false,
      passkeys: 0,
      identities: [],
    });
  });

  it("when a LIKE wildcard is searched, then it matches itself, not everything", async () => {
    const res = await app.http.get("/api/admin/users?query=%25").set(as(admin)).expect(200);
    expect(res.body.users).toEqual([]);
  });

  it("when paged with limit and before, then the pages follow each other without gaps or repeats", async () => {
    const tag = `pg${Math.random().toString(36).slice(2, 8)}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      tick();
      ids.unshift((await registerUser(app, { email: `${tag}-${i}@example.com` })).id);
    }
    const seen: string[] = [];
    let before: string | null = null;
    do {
      const query: string = `/api/admin/users?query=${tag}&limit=2${before ? `&before=${before}` : ""}`;
      const res = await app.http.get(query).set(as(admin)).expect(200);
      seen.push(...res.body.users.map((u: { id: string }) => u.id));
      before = res.body.next;
    } while (before);
    expect(seen).toEqual(ids);
    const bad = await app.http.get("/api/admin/users?before=not-a-cursor").set(as(admin));
    expect(bad.status).toBe(400);
    expect((await app.http.get("/api/admin/users?limit=101").set(as(admin))).status).toBe(400);
  });
});

describe("GET /api/admin/users/{id}", () => {
  it("when asked, then it shows the user with their sessions and latest activity", async () => {
    const user = await registerUser(app);
    await login(app, user.email, user.password);
    const res = await app.http.get(`/api/admin/users/${user.id}`).set(as(admin)).expect(200);
    const detail = AdminUserDetail.parse(res.body);
    expect(detail.sessions).toHaveLength(2);
    expect(detail.sessions.every((s) => !s.current)).toBe(true);
    expect(detail.activity.map((e) => e.type)).toContain("registered");
  });
});

describe("POST /api/admin/users/{id}/lock and /unlock", () => {
  it("when a user is locked, then their sessions end and every login answers 403 account_locked with the reason and the end", async () => {
    const user = await registerUser(app);
    const until = new Date(now + 3_600_000).toISOString();
    await app.http
      .post(`/api/admin/users/${user.id}/lock`)
      .set(as(admin))
      .send({ reason: "Chargeback under review", until })
      .expect(204);

    expect((await app.http.get("/api/user/profile").set(as(user))).body.code).toBe("token_revoked");
    const refused = await app.http
      .post("/api/auth/login")
      .send({ email: user.email, password: user.password });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      code: "account_locked",
      reason: "Chargeback under review",
      until,
    });
    const refreshed = await app.http.post("/api/auth/refresh").set(cookie(user.refreshToken));
    expect(refreshed.status).toBe(403);
    expect(refreshed.body).toMatchObject({
      code: "account_locked",
      reason: "Chargeback under review",
    });

    const shown = AdminUser.parse(
      (await app.http.get(`/api/admin/users/${user.id}`).set(as(admin))).body,
    );
    expect(shown.locked).toEqual({ reason: "Chargeback under review", until });

    await app.http.post(`/api/admin/users/${user.id}/unlock`).set(as(admin)).expect(204);
    await login(app, user.email, user.password);
  });

  it("when an administrator locks themselves, then it answers 409 cannot_lock_self", async () => {
    const res = await mutations.lock(admin.id).set(as(admin));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("cannot_lock_self");
  });

  it("when the reason is missing or the end has passed, then it answers 400", async () => {
    const user = await registerUser(app);
    const path = `/api/admin/users/${user.id}/lock`;
    expect((await app.http.post(path).set(as(admin)).send({})).status).toBe(400);
    const past = await app.http
      .post(path)
      .set(as(admin))
      .send({ reason: "x", until: new Date(now - 1000).toISOString() });
    expect(past.status).toBe(400);
    expect(past.body.errors.until).toBeDefined();
  });
});

describe("POST /api/admin/users/{id}/sessions/revoke", () => {
  it("when asked, then every session of the user ends and they may log in again", async () => {
    const user = await registerUser(app);
    await mutations.revoke(user.id).set(as(admin)).expect(204);
    expect((await app.http.get("/api/user/profile").set(as(user))).body.code).toBe("token_revoked");
    expect((await app.http.post("/api/auth/refresh").set(cookie(user.refreshToken))).status).toBe(
      401,
    );
    await login(app, user.email, user.password);
  });
});

describe("DELETE /api/admin/users/{id}/mfa", () => {
  it("when TOTP is off, then it answers 409 mfa_not_enabled", async () => {
    const user = await registerUser(app);
    const res = await mutations.resetMfa(user.id).set(as(admin));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("mfa_not_enabled");
  });

  it("when TOTP is on, then it is removed, a notice is queued, sessions end and the password alone signs in", async () => {
    const user = await registerVerifiedUser(app);
    await enableTotp(app, user, now);
    const before = await app.http
      .post("/api/auth/login")
      .send({ email: user.email, password: user.password })
      .expect(200);
    expect(before.body.mfaRequired).toBe(true);

    await mutations.resetMfa(user.id).set(as(admin)).expect(204);
    expect((await app.http.get("/api/user/profile").set(as(user))).body.code).toBe("token_revoked");
    const after = await app.http
      .post("/api/auth/login")
      .send({ email: user.email, password: user.password })
      .expect(200);
    expect(after.body.accessToken).toEqual(expect.any(String));
    const templates = await app.deps.database.db
      .selectFrom("outbox")
      .select("template")
      .where("user_id", "=", user.id)
      .execute();
    expect(templates.map((t) => t.template)).toContain("mfa_disabled");
    const activity = await app.http.get("/api/user/activity").set(bearer(after.body.accessToken));
    expect(activity.body.events.map((e: { type: string }) => e.type)).toContain(
      "mfa_reset_by_admin",
    );
  });
});

describe("POST /api/admin/users/{id}/password-reset", () => {
  it("when asked, then it answers 202 and the user gets a working reset link", async () => {
    const user = await registerUser(app);
    await mutations.passwordReset(user.id).set(as(admin)).expect(202);
    const token = await waitForLink(app, user.email, "reset-password");
    await app.http
      .post("/api/auth/password/reset")
      .send({ token, newPassword: "a new password from support" })
      .expect(204);
    await login(app, user.email, "a new password from support");
  });
});

describe("PUT /api/admin/users/{id}/roles", () => {
  it("when roles are set, then it answers the user with them, user always kept", async () => {
    const user = await registerUser(app);
    const res = await app.http
      .put(`/api/admin/users/${user.id}/roles`)
      .set(as(admin))
      .send({ roles: ["admin"] })
      .expect(200);
    expect(AdminUser.parse(res.body).roles).toEqual(["admin", "user"]);
    const bad = await app.http
      .put(`/api/admin/users/${user.id}/roles`)
      .set(as(admin))
      .send({ roles: ["root"] });
    expect(bad.status).toBe(400);
  });
});

describe("DELETE /api/admin/users/{id}", () => {
  it("when asked, then the user is gone, told by mail, and their email is free again", async () => {
    const user = await registerUser(app);
    await mutations.delete(user.id).set(as(admin)).expect(204);
    expect((await app.http.get(`/api/admin/users/${user.id}`).set(as(admin))).status).toBe(404);
    expect((await app.http.get("/api/user/profile").set(as(user))).body.code).toBe("token_revoked");
    const goodbye = await app.deps.database.db
      .selectFrom("outbox")
      .select("template")
      .where("to_address", "=", user.email)
      .execute();
    expect(goodbye.map((m) => m.template)).toContain("account_deleted");
    await registerUser(app, { email: user.email });
  });
});

describe("GET /api/admin/audit", () => {
  it("when administrators act, then each action is listed newest first with actor, target, detail and address", async () => {
    const user = await registerUser(app, { email: uniqueEmail("audited") });
    tick();
    await mutations.lock(user.id).set(as(admin)).expect(204);
    tick();
    await mutations.unlock(user.id).set(as(admin)).expect(204);
    const res = await app.http.get("/api/admin/audit?limit=2").set(as(admin)).expect(200);
    const page = AuditPage.parse(res.body);
    expect(page.events.map((e) => e.action)).toEqual(["account_unlocked", "account_locked"]);
    expect(page.events[1]).toMatchObject({
      actor: { id: admin.id, email: admin.email },
      target: { id: user.id, email: user.email },
      detail: { reason: "Fraud check", until: null },
      ip: expect.any(String),
    });
    expect(page.next).toEqual(expect.any(String));
    const next = await app.http.get(`/api/admin/audit?limit=2&before=${page.next}`).set(as(admin));
    expect(next.status).toBe(200);
    expect(next.body.events[0].id).not.toBe(page.events[1]!.id);
  });
});

describe("the last administrator", () => {
  let lone: TestApp;
  beforeAll(async () => {
    lone = await startTestApp();
  });
  afterAll(() => lone?.close());

  it("when the only administrator would lose the role or be deleted, then it answers 409 last_admin; with a second one it works", async () => {
    const only = await registerAdmin(lone);
    const demote = () =>
      lone.http
        .put(`/api/admin/users/${only.id}/roles`)
        .set(bearer(only.accessToken))
        .send({ roles: ["user"] });
    expect((await demote()).body.code).toBe("last_admin");
    const removed = await lone.http
      .delete(`/api/admin/users/${only.id}`)
      .set(bearer(only.accessToken));
    expect(removed.status).toBe(409);
    expect(removed.body.code).toBe("last_admin");
    const own = await lone.http.delete("/api/user").set(bearer(only.accessToken));
    expect(own.status).toBe(409);
    expect(own.body.code).toBe("last_admin");

    await registerAdmin(lone);
    expect((await demote()).status).toBe(200);
  });
});

import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  cookie,
  login,
  registerUser,
  startTestApp,
  type TestApp,
} from "../support/test-app.js";

let now = Date.now();
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ overrides: { now: () => now } });
});
afterAll(async () => {
  await app.close();
});

const db = () => app.deps.database.db;

describe("GET /api/user/export", () => {
  it("when a freshly signed-in user asks, then everything stored about them comes as a JSON attachment without hashes or keys", async () => {
    const user = await registerUser(app);
    now += 1_000; // two events of one instant would be ordered by their random ids
    await login(app, user.email, user.password);
    const res = await app.http.get(apiPaths.exportData).set(bearer(user.accessToken)).expect(200);

    expect(res.headers["content-disposition"]).toMatch(
      /^attachment; filename="?account-export-\d{4}-\d{2}-\d{2}\.json/,
    );
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.body.profile).toMatchObject({ id: user.id, email: user.email, name: user.name });
    expect(res.body.sessions).toHaveLength(2);
    expect(res.body.activity.map((e: { type: string }) => e.type)).toEqual([
      "login_succeeded",
      "registered",
    ]);
    const text = JSON.stringify(res.body);
    const { password_hash } = await db()
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(text).not.toContain(password_hash);
    expect(text).not.toContain("$argon2");
    expect(text).not.toContain(user.refreshToken);
    expect(text).not.toMatch(/token_hash|password_hash|"password":/i);
    expect(text).not.toContain(user.password);
  });

  it("when the sign-in is not recent, then it answers 401 reauthentication_required", async () => {
    const user = await registerUser(app);
    now += 11 * 60_000;
    const res = await app.http.get(apiPaths.exportData).set(bearer(user.accessToken));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("reauthentication_required");
  });
});

describe("DELETE /api/user", () => {
  it("when a user deletes their account, then every token of it is refused at once, everything attached is gone, a notice is queued and the email can register again", async () => {
    const user = await registerUser(app);
    const other = await login(app, user.email, user.password);
    await app.http.get(apiPaths.profile).set(bearer(other.accessToken)).expect(200);

    await app.http.delete(apiPaths.account).set(bearer(user.accessToken)).expect(204);

    for (const token of [user.accessToken, other.accessToken]) {
      const res = await app.http.get(apiPaths.sessions).set(bearer(token));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe("token_revoked");
    }
    const refresh = await app.http.post(apiPaths.refresh).set(cookie(other.refreshToken));
    expect(refresh.body.code).toBe("invalid_refresh_token");
    const loginAgain = await app.http
      .post(apiPaths.login)
      .send({ email: user.email, password: user.password });
    expect(loginAgain.body.code).toBe("invalid_credentials");

    for (const table of ["sessions", "activity_events"] as const) {
      const left = await db()
        .selectFrom(table)
        .select("id")
        .where("user_id", "=", user.id)
        .execute();
      expect(left, table).toEqual([]);
    }
    const mail = await db()
      .selectFrom("outbox")
      .selectAll()
      .where("to_address", "=", user.email)
      .execute();
    expect(mail.map((m) => m.template)).toEqual(["account_deleted"]);
    expect(mail[0]?.user_id).toBeNull();

    const again = await app.http
      .post(apiPaths.register)
      .send({ email: user.email, password: user.password, name: "Ada again" })
      .expect(201);
    expect(again.body.user.id).not.toBe(user.id);
  });

  it("when an instance starts after the deletion, then it still refuses the deleted account's tokens", async () => {
    const user = await registerUser(app);
    await app.http.delete(apiPaths.account).set(bearer(user.accessToken)).expect(204);

    // Same store, same key: its revocation list comes from the database alone.
    const later = await startTestApp({
      databaseUrl: app.config.databaseUrl,
      env: { JWT_SECRET: app.config.jwt.secret! },
      overrides: { now: () => now },
    });
    try {
      const res = await later.http.get(apiPaths.sessions).set(bearer(user.accessToken));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe("token_revoked");
    } finally {
      await later.close();
    }
  });

  it("when the sign-in is not recent, then it answers 401 reauthentication_required and deletes nothing", async () => {
    const user = await registerUser(app);
    now += 11 * 60_000;
    const res = await app.http.delete(apiPaths.account).set(bearer(user.accessToken));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("reauthentication_required");
    await app.http.get(apiPaths.profile).set(bearer(user.accessToken)).expect(200);
  });
});

import { AdminUserList } from "@jwt-auth/shared";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { adminServiceOf } from "../../src/app.js";
import { refresh, registerAdmin, SHELL } from "../admin/admin-support.js";
import { bearer, login, registerUser, startTestApp } from "../support/test-app.js";
import { twoInstancesOnPostgres } from "./two-instances.js";
import { waitFor } from "./wait-for.js";

// The administration on PostgreSQL with two instances behind one load balancer: a lock or a
// role taken away on one is enforced by the other within a second (the revocation feed).
describe("administration with two instances on PostgreSQL", () => {
  const instances = twoInstancesOnPostgres();

  it("when an administrator locks a user on one instance, then the other refuses the user's token within a second and every login", async () => {
    const admin = await registerAdmin(instances.first);
    const user = await registerUser(instances.first);
    const elsewhere = await login(instances.second, user.email, user.password);
    await instances.second.http
      .get("/api/user/profile")
      .set(bearer(elsewhere.accessToken))
      .expect(200);

    await instances.first.http
      .post(`/api/admin/users/${user.id}/lock`)
      .set(bearer(admin.accessToken))
      .send({ reason: "Account sharing" })
      .expect(204);

    const took = await waitFor(
      async () =>
        (await instances.second.http.get("/api/user/profile").set(bearer(elsewhere.accessToken)))
          .status === 401,
      { timeoutMs: 1_000, what: "the second instance refusing the locked user's token" },
    );
    expect(took).toBeLessThan(1_000);
    const res = await instances.second.http
      .post("/api/auth/login")
      .send({ email: user.email, password: user.password });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      code: "account_locked",
      reason: "Account sharing",
      until: null,
    });
  });

  it("when admin is taken away on one instance, then the other refuses the old token within a second and a refresh there works", async () => {
    const keeper = await registerAdmin(instances.first);
    const user = await registerAdmin(instances.first);
    const elsewhere = { ...user, ...(await login(instances.second, user.email, user.password)) };
    await instances.second.http
      .get("/api/admin/users")
      .set(bearer(elsewhere.accessToken))
      .expect(200);

    await instances.first.http
      .put(`/api/admin/users/${user.id}/roles`)
      .set(bearer(keeper.accessToken))
      .send({ roles: ["user"] })
      .expect(200);

    await waitFor(
      async () =>
        (await instances.second.http.get("/api/admin/users").set(bearer(elsewhere.accessToken)))
          .status === 401,
      { timeoutMs: 1_000, what: "the second instance refusing the token that claims admin" },
    );
    await refresh(instances.second, elsewhere);
    const res = await instances.second.http
      .get("/api/admin/users")
      .set(bearer(elsewhere.accessToken));
    expect(res.status).toBe(403);
    await instances.second.http
      .get("/api/user/profile")
      .set(bearer(elsewhere.accessToken))
      .expect(200);
  });

  it("when an instance starts after a role was taken away, then it refuses the old token too (reloaded from the store)", async () => {
    const keeper = await registerAdmin(instances.first);
    const user = await registerAdmin(instances.first);
    await adminServiceOf(instances.first.app).setRoles(SHELL, user.id, ["user"]);
    const third = await startTestApp({
      databaseUrl: instances.schema.url,
      env: { JWT_SECRET: instances.first.config.jwt.secret! },
    });
    try {
      const res = await third.http.get("/api/admin/users").set(bearer(user.accessToken));
      expect(res.body.code).toBe("token_revoked");
      await third.http.get("/api/admin/users").set(bearer(keeper.accessToken)).expect(200);
    } finally {
      await third.close();
    }
  });

  describe("with no administrator yet", () => {
    const empty = twoInstancesOnPostgres();

    it("when the two last administrators take the role from each other at once, then exactly one loses it", async () => {
      const [a, b] = [empty.first, empty.second];
      const one = await registerAdmin(a);
      const two = await registerAdmin(a);
      const results = await Promise.all([
        a.http
          .put(`/api/admin/users/${two.id}/roles`)
          .set(bearer(one.accessToken))
          .send({ roles: ["user"] }),
        b.http
          .put(`/api/admin/users/${one.id}/roles`)
          .set(bearer(two.accessToken))
          .send({ roles: ["user"] }),
      ]);
      const codes = results.map((r) => (r.status === 200 ? 200 : r.body.code)).sort();
      // The loser was refused by the count, or by the revocation of its own claim when the
      // winner's change reached its instance first: never both through.
      expect(codes[0]).toBe(200);
      expect(["last_admin", "token_revoked"]).toContain(codes[1]);
      const admins = await a.deps.database.db
        .selectFrom("users")
        .select("id")
        .where(sql.ref("roles"), "=", '["admin","user"]')
        .execute();
      expect(admins).toHaveLength(1);
    });
  });

  it("when searched on PostgreSQL, then part of an email or a name finds the user, through the trigram indexes", async () => {
    const admin = await registerAdmin(instances.first);
    const tag = `Tq${Math.random().toString(36).slice(2, 8)}`;
    const user = await registerUser(instances.first, { name: `Search ${tag}` });
    const res = await instances.first.http
      .get(`/api/admin/users?query=${tag.toLowerCase()}`)
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(AdminUserList.parse(res.body).users.map((u) => u.id)).toEqual([user.id]);
    // This test's schema only: the database may hold others with a users table (the
    // benchmark keeps its seeded stores there).
    const indexes = await sql<{ indexname: string }>`
      select indexname from pg_indexes
      where schemaname = current_schema() and tablename = 'users' and indexname like '%trgm'
    `.execute(instances.first.deps.database.db);
    expect(indexes.rows.map((r) => r.indexname).sort()).toEqual([
      "users_email_trgm",
      "users_name_trgm",
    ]);
  });
});

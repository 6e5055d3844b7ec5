import { apiPaths, REFRESH_COOKIE_NAME } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, type Account } from "./support/client.js";
import { expectProblem, expectTokenRefused } from "./support/expect-problem.js";
import { startTarget, type Target } from "./support/target.js";

// OWASP JWT cheat sheet (revocation), RFC 9700 §4.14 (refresh token rotation and reuse
// detection), ASVS 5.0 V7.4: refresh tokens rotate, a replayed one ends its whole family,
// and every way of ending a session reaches the access tokens too, seen from outside.
describe("refresh and revocation", () => {
  let target: Target;
  let client: Client;

  beforeAll(async () => {
    target = await startTarget();
    client = new Client(target);
  });
  afterAll(() => target?.close());

  const refreshed = async (refreshToken: string) => {
    const reply = await client.refresh(refreshToken);
    expect(reply.status, reply.text).toBe(200);
    return { accessToken: reply.body.accessToken as string, refreshToken: reply.refreshToken! };
  };

  it("when a session is started, then the refresh cookie is HttpOnly, SameSite=Strict and scoped to /api/auth", async () => {
    const reply = await client.post(apiPaths.register, {
      json: { email: `c-${Date.now()}@example.com`, password: "long enough 1", name: "C" },
    });
    const cookie = reply.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${REFRESH_COOKIE_NAME}=`))!;
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Strict/i);
    expect(cookie).toMatch(/;\s*Path=\/api\/auth(;|$)/i);
    expect(reply.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("when a refresh token is used, then it rotates: a new one is set and the new access token works", async () => {
    const user = await client.register();
    const next = await refreshed(user.refreshToken);
    expect(next.refreshToken).not.toBe(user.refreshToken);
    expect((await client.profile(next.accessToken)).status).toBe(200);
    expect((await refreshed(next.refreshToken)).refreshToken).not.toBe(next.refreshToken);
  });

  it("when the same refresh token arrives twice at once (two tabs), then both get the same new token and nothing is revoked", async () => {
    const user = await client.register();
    const [a, b] = await Promise.all([
      client.refresh(user.refreshToken),
      client.refresh(user.refreshToken),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.refreshToken).toBe(b.refreshToken);
    expect((await client.profile(b.body.accessToken)).status).toBe(200);
  });

  it("when an already rotated refresh token is replayed, then the whole family ends: newest refresh token and every access token", async () => {
    const user = await client.register();
    const second = await refreshed(user.refreshToken);
    const third = await refreshed(second.refreshToken);
    // The replay: the first token again, after its child was itself rotated.
    expectProblem(await client.refresh(user.refreshToken), 401, "invalid_refresh_token");
    expectProblem(await client.refresh(third.refreshToken), 401, "invalid_refresh_token");
    for (const accessToken of [user.accessToken, second.accessToken, third.accessToken]) {
      expectTokenRefused(await client.profile(accessToken), "token_revoked");
    }
    // The owner logs in again and carries on.
    expect((await client.login(user.email, user.password)).status).toBe(200);
  });

  it("when a failed refresh is answered, then the refresh cookie is cleared", async () => {
    const reply = await client.refresh("A".repeat(43));
    expectProblem(reply, 401, "invalid_refresh_token");
    expect(
      reply.headers.getSetCookie().some((c) => new RegExp(`^${REFRESH_COOKIE_NAME}=;`).test(c)),
    ).toBe(true);
  });

  it("when a refresh token is sent as a bearer token, then it is refused", async () => {
    const user = await client.register();
    expectTokenRefused(await client.profile(user.refreshToken), "token_invalid");
  });

  it("when an access token, or anything else, is sent as the refresh cookie, then it is refused", async () => {
    const user = await client.register();
    for (const value of [
      user.accessToken,
      "",
      "null",
      `j:${JSON.stringify([user.refreshToken])}`,
      `j:${JSON.stringify({ token: user.refreshToken })}`,
      `${user.refreshToken}x`,
    ]) {
      expectProblem(
        await client.post(apiPaths.refresh, {
          headers: { Cookie: `${REFRESH_COOKIE_NAME}=${encodeURIComponent(value)}` },
        }),
        401,
        "invalid_refresh_token",
      );
    }
    expectProblem(
      await client.post(apiPaths.refresh, { bearer: user.accessToken }),
      401,
      "invalid_refresh_token",
    );
  });

  it("when a user logs out, then that session's refresh token and access tokens stop working, and logging out again still answers 204", async () => {
    const user = await client.register();
    const other = await client.login(user.email, user.password);
    const reply = await client.post(apiPaths.logout, { refreshToken: user.refreshToken });
    expect(reply.status).toBe(204);
    expect(reply.headers.getSetCookie().some((c) => c.startsWith(`${REFRESH_COOKIE_NAME}=;`))).toBe(
      true,
    );
    expectProblem(await client.refresh(user.refreshToken), 401, "invalid_refresh_token");
    expectTokenRefused(await client.profile(user.accessToken), "token_revoked");
    // Another session of the same user lives on.
    expect((await client.profile(other.body.accessToken)).status).toBe(200);
    expect((await client.post(apiPaths.logout, { refreshToken: user.refreshToken })).status).toBe(
      204,
    );
    expect((await client.post(apiPaths.logout)).status).toBe(204);
  });

  it("when a user logs out with only the access token, then that session ends too", async () => {
    const user = await client.register();
    expect((await client.post(apiPaths.logout, { bearer: user.accessToken })).status).toBe(204);
    expectTokenRefused(await client.profile(user.accessToken), "token_revoked");
    expectProblem(await client.refresh(user.refreshToken), 401, "invalid_refresh_token");
  });

  it("when a user logs out everywhere, then every session ends, and a login right after works", async () => {
    const user = await client.register();
    const second = await client.login(user.email, user.password);
    expect((await client.post(apiPaths.logoutAll, { bearer: user.accessToken })).status).toBe(204);
    for (const accessToken of [user.accessToken, second.body.accessToken])
      expectTokenRefused(await client.profile(accessToken), "token_revoked");
    for (const refreshToken of [user.refreshToken, second.refreshToken!])
      expectProblem(await client.refresh(refreshToken), 401, "invalid_refresh_token");
    const fresh = await client.login(user.email, user.password);
    expect(fresh.status).toBe(200);
    expect((await client.profile(fresh.body.accessToken)).status).toBe(200);
  });

  it("when a user changes the password, then every other session ends, this one stays, and only the new password works", async () => {
    const user: Account = await client.register();
    const elsewhere = await client.login(user.email, user.password);
    const change = await client.post(apiPaths.password, {
      bearer: user.accessToken,
      json: { currentPassword: user.password, newPassword: "a brand new password" },
    });
    expect(change.status).toBe(204);
    expectTokenRefused(await client.profile(elsewhere.body.accessToken), "token_revoked");
    expectProblem(await client.refresh(elsewhere.refreshToken!), 401, "invalid_refresh_token");
    expect((await client.profile(user.accessToken)).status).toBe(200);
    expect((await client.refresh(user.refreshToken)).status).toBe(200);
    expectProblem(await client.login(user.email, user.password), 401, "invalid_credentials");
    expect((await client.login(user.email, "a brand new password")).status).toBe(200);
  });

  it("when the current password given to a change is wrong, then nothing changes", async () => {
    const user = await client.register();
    const elsewhere = await client.login(user.email, user.password);
    const change = await client.post(apiPaths.password, {
      bearer: user.accessToken,
      json: { currentPassword: "not the password", newPassword: "a brand new password" },
    });
    expectProblem(change, 401, "invalid_credentials");
    expect((await client.profile(elsewhere.body.accessToken)).status).toBe(200);
    expect((await client.login(user.email, user.password)).status).toBe(200);
  });
});

import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  cookie,
  login,
  registerUser,
  startTestApp,
  type RegisteredUser,
  type TestApp,
} from "../support/test-app.js";

// A token that was accepted once is served from the verified-token cache afterwards; these
// tests show that such a hit still answers to revocation, expiry and tampering.

const profile = (app: TestApp, token: string) => app.http.get(apiPaths.profile).set(bearer(token));

async function until<T>(
  attempt: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a protected request with a token accepted before", () => {
  let app: TestApp;
  let user: RegisteredUser;
  beforeAll(async () => {
    app = await startTestApp();
    user = await registerUser(app);
  });
  afterAll(async () => {
    await app.close();
  });

  it("when its session is logged out, then the next request with it is refused as revoked", async () => {
    const session = await login(app, user.email, user.password);
    expect((await profile(app, session.accessToken)).status).toBe(200);
    expect((await profile(app, session.accessToken)).status).toBe(200);

    await app.http.post(apiPaths.logout).set(cookie(session.refreshToken)).expect(204);

    const res = await profile(app, session.accessToken);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("token_revoked");
  });

  it("when the user logs out everywhere, then every token accepted before is refused", async () => {
    const first = await login(app, user.email, user.password);
    const second = await login(app, user.email, user.password);
    for (const token of [first.accessToken, second.accessToken])
      expect((await profile(app, token)).status).toBe(200);

    await app.http.post(apiPaths.logoutAll).set(bearer(first.accessToken)).expect(204);

    for (const token of [first.accessToken, second.accessToken]) {
      const res = await profile(app, token);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe("token_revoked");
    }
  });

  it("when its signature is altered by one character, then the altered token is refused", async () => {
    const session = await login(app, user.email, user.password);
    expect((await profile(app, session.accessToken)).status).toBe(200);
    const last = session.accessToken.at(-2) === "A" ? "B" : "A";
    const altered = `${session.accessToken.slice(0, -2)}${last}${session.accessToken.at(-1)}`;

    const res = await profile(app, altered);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("token_invalid");
    expect((await profile(app, session.accessToken)).status).toBe(200);
  });
});

describe("a token accepted before, once it expires", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { ACCESS_TOKEN_TTL: "1s" } });
  });
  afterAll(async () => {
    await app.close();
  });

  it("when its exp passes, then it is refused as expired, not served from the cache", async () => {
    const user = await registerUser(app);
    const exp = (
      JSON.parse(Buffer.from(user.accessToken.split(".")[1]!, "base64url").toString()) as {
        exp: number;
      }
    ).exp;
    const first = await profile(app, user.accessToken);
    if (first.status === 200) {
      // Accepted (and so remembered): keep asking until the answer changes.
      const res = await until(
        () => profile(app, user.accessToken),
        (r) => r.status !== 200,
      );
      expect(res.status).toBe(401);
      expect(res.body.code).toBe("token_expired");
    } else {
      expect(first.body.code).toBe("token_expired");
    }
    expect(Date.now() / 1000).toBeGreaterThanOrEqual(exp);
  });
});

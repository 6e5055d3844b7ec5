import { randomBytes } from "node:crypto";
import jwt from "jsonwebtoken";
import { apiPaths, UserProfile } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueAccessToken } from "../../src/auth/issue-access-token.js";
import {
  bearer,
  registerUser,
  startTestApp,
  type RegisteredUser,
  type TestApp,
} from "../support/test-app.js";

let app: TestApp;
let user: RegisteredUser;
beforeAll(async () => {
  app = await startTestApp();
  user = await registerUser(app);
});
afterAll(async () => {
  await app.close();
});

const profile = (headers: Record<string, string> = {}) =>
  app.http.get(apiPaths.profile).set(headers);

function segments(token: string) {
  const [header, payload, signature] = token.split(".") as [string, string, string];
  return { header, payload, signature };
}
const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
const decode = (part: string) =>
  JSON.parse(Buffer.from(part, "base64url").toString()) as Record<string, unknown>;

describe("GET /api/user/profile", () => {
  it("when the Bearer token is valid, then it answers the user's profile", async () => {
    const res = await profile(bearer(user.accessToken));
    expect(res.status).toBe(200);
    expect(UserProfile.parse(res.body)).toEqual({
      id: user.id,
      email: user.email,
      name: user.name,
      emailVerified: false,
      hasPassword: true,
      createdAt: expect.any(String),
    });
    expect(res.headers["cache-control"]).toBe("no-store");
  });

  it("when no token is sent, then it answers 401 token_missing with a Bearer challenge", async () => {
    const res = await profile();
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("token_missing");
    expect(res.headers["www-authenticate"]).toBe('Bearer realm="api"');
  });

  it("when the token is signed with another secret, then it answers 401 token_invalid with error=invalid_token", async () => {
    const { header, payload } = segments(user.accessToken);
    const forged = jwt.sign(decode(payload), randomBytes(32), {
      algorithm: "HS256",
      header: decode(header) as unknown as jwt.JwtHeader,
    });
    const res = await profile(bearer(forged));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("token_invalid");
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer realm="api", error="invalid_token"/);
  });

  it("when the token says alg none and has no signature, then it is refused", async () => {
    const { header, payload } = segments(user.accessToken);
    const none = `${encode({ ...decode(header), alg: "none" })}.${payload}.`;
    const res = await profile(bearer(none));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("token_invalid");
  });

  it("when the payload is changed without re-signing, then it is refused", async () => {
    const { header, payload, signature } = segments(user.accessToken);
    const tampered = `${header}.${encode({ ...decode(payload), sub: "someone-else", name: "Mallory" })}.${signature}`;
    const res = await profile(bearer(tampered));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("token_invalid");
  });

  it("when the token has expired, then it answers 401 token_expired", async () => {
    const { deps } = app;
    const settings = {
      issuer: deps.config.jwt.issuer,
      audience: deps.config.jwt.audience,
      ttlSeconds: 60,
    };
    const { token } = issueAccessToken(
      deps.keys,
      settings,
      { ...user, emailVerified: false, roles: ["user"] },
      "some-session",
      { authTime: Date.now() - 2 * 60_000, amr: ["pwd"] },
      Date.now() - 2 * 60_000,
    );
    const res = await profile(bearer(token));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("token_expired");
    expect(res.headers["www-authenticate"]).toContain('error="invalid_token"');
  });

  it("when the token is for another audience or issuer, then it is refused", async () => {
    const { deps } = app;
    for (const [issuer, audience] of [
      [deps.config.jwt.issuer, "another-app"],
      ["someone-else", deps.config.jwt.audience],
    ] as const) {
      const { token } = issueAccessToken(
        deps.keys,
        { issuer, audience, ttlSeconds: 60 },
        { ...user, emailVerified: false, roles: ["user"] },
        "s",
        { authTime: Date.now(), amr: ["pwd"] },
        Date.now(),
      );
      const res = await profile(bearer(token));
      expect(res.body.code).toBe("token_invalid");
    }
  });

  it("when the token comes in the query string or with junk after it, then it is not accepted", async () => {
    const query = await app.http.get(`/api/user/profile?access_token=${user.accessToken}`);
    expect(query.body.code).toBe("token_missing");
    const junk = await profile({ Authorization: `Bearer ${user.accessToken} junk` });
    expect(junk.body.code).toBe("token_invalid");
  });

  it("when the scheme is written in another case, then the token is still accepted", async () => {
    const res = await profile({ Authorization: `bearer ${user.accessToken}` });
    expect(res.status).toBe(200);
  });
});

describe("PATCH /api/user/profile", () => {
  it("when the name is valid, then it is trimmed, stored and returned", async () => {
    const res = await app.http
      .patch(apiPaths.profile)
      .set(bearer(user.accessToken))
      .send({ name: "  Grace Hopper " });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe("Grace Hopper");
    const again = await profile(bearer(user.accessToken));
    expect(again.body.name).toBe("Grace Hopper");
  });

  it("when the body tries to change other fields, then only the name changes", async () => {
    const res = await app.http.patch(apiPaths.profile).set(bearer(user.accessToken)).send({
      name: "Grace",
      email: "evil@example.com",
      id: "x",
      createdAt: "1970-01-01T00:00:00.000Z",
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: user.id, email: user.email, name: "Grace" });
  });

  it("when the name is empty, then it answers 400 validation_failed", async () => {
    const res = await app.http
      .patch(apiPaths.profile)
      .set(bearer(user.accessToken))
      .send({ name: "   " });
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveProperty("name");
  });

  it("when there is no token, then it answers 401 before reading the body", async () => {
    const res = await app.http.patch(apiPaths.profile).send({ name: "Nobody" });
    expect(res.status).toBe(401);
  });
});

import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import jwt from "jsonwebtoken";
import supertest from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createClient, logIn } from "../src/client.js";
import { createLessonApp, newUser, verifyToken } from "../src/lesson.js";

const secret = "a lesson secret of thirty-two bytes or more";
const ada = { email: "ada@example.com", password: "correct horse battery" };
const app = createLessonApp(secret, [newUser("1", ada.email, ada.password)]);
const http = supertest(app);
const now = () => Math.floor(Date.now() / 1000);
const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
const decodePart = (text: string) => JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
/** An unsigned token, as an attacker writes it: `alg: none` and an empty signature. */
const unsigned = (payload: object) => `${part({ alg: "none", typ: "JWT" })}.${part(payload)}.`;

async function logInAsAda(): Promise<string> {
  const res = await http.post("/login").send(ada).expect(200);
  return res.body.token;
}

describe("POST /login (passport-local, then jwt.sign)", () => {
  it("when the password is right, then it answers a 15-minute HS256 token for that user", async () => {
    const token = await logInAsAda();
    const [header, payload, signature] = token.split(".");
    expect(decodePart(header!)).toEqual({ alg: "HS256", typ: "JWT" });
    const claims = decodePart(payload!);
    expect(claims).toEqual({
      sub: "1",
      email: ada.email,
      iat: expect.any(Number),
      exp: expect.any(Number),
    });
    expect(claims.exp - claims.iat).toBe(15 * 60);
    expect(Buffer.from(signature!, "base64url")).toHaveLength(32);
  });

  it("when the password is wrong or the email unknown, then it answers 401 and no token", async () => {
    for (const body of [
      { ...ada, password: "wrong password" },
      { ...ada, email: "bob@example.com" },
    ]) {
      const res = await http.post("/login").send(body).expect(401);
      expect(res.body).not.toHaveProperty("token");
    }
  });
});

describe.each([
  ["passport.authenticate('jwt', { session: false })", "/profile"],
  ["the hand-written verifyToken", "/profile-by-hand"],
])("GET behind %s", (_guard, path) => {
  it("when the Bearer token is valid, then it answers the user from the token's claims", async () => {
    const token = await logInAsAda();
    const res = await http.get(path).set("Authorization", `Bearer ${token}`).expect(200);
    expect(res.body).toEqual({ user: { sub: "1", email: ada.email } });
  });

  it("when no token is sent, or not as a Bearer, then it answers 401", async () => {
    const token = await logInAsAda();
    await http.get(path).expect(401);
    await http.get(path).set("Authorization", token).expect(401);
    await http.get(path).query({ token }).expect(401);
  });

  it("when the token has expired, then it answers 401", async () => {
    const expired = jwt.sign(
      { sub: "1", email: ada.email, iat: now() - 960, exp: now() - 60 },
      secret,
    );
    const res = await http.get(path).set("Authorization", `Bearer ${expired}`).expect(401);
    if (path === "/profile-by-hand") expect(res.body).toEqual({ error: "token_expired" });
  });

  it("when the token says alg: none, with or without a signature, then it answers 401", async () => {
    const token = unsigned({ sub: "1", email: ada.email, exp: now() + 600 });
    for (const forged of [token, `${token}c2lnbmF0dXJl`]) {
      const res = await http.get(path).set("Authorization", `Bearer ${forged}`).expect(401);
      if (path === "/profile-by-hand") expect(res.body).toEqual({ error: "token_invalid" });
    }
  });

  it("when one claim is changed, or another secret or algorithm signed it, then it answers 401", async () => {
    const [header, , signature] = (await logInAsAda()).split(".");
    const changed = `${header}.${part({ sub: "2", email: "eve@example.com", exp: now() + 600 })}.${signature}`;
    const otherSecret = jwt.sign({ sub: "1", email: ada.email }, "another secret", {
      expiresIn: "15m",
    });
    const hs512 = jwt.sign({ sub: "1", email: ada.email }, secret, {
      algorithm: "HS512",
      expiresIn: "15m",
    });
    for (const token of [changed, otherSecret, hs512]) {
      await http.get(path).set("Authorization", `Bearer ${token}`).expect(401);
    }
  });
});

describe("what `algorithms` does (the exercise's answer)", () => {
  const claims = { sub: "1", email: ada.email, exp: now() + 600 };

  it("when `algorithms` is left out, then jsonwebtoken 9 still refuses alg: none, but takes any HS algorithm", () => {
    expect(() => jwt.verify(unsigned(claims), secret)).toThrow("jwt signature is required");
    const hs512 = jwt.sign(claims, secret, { algorithm: "HS512" });
    expect(jwt.verify(hs512, secret)).toMatchObject({ sub: "1" });
    expect(() => jwt.verify(hs512, secret, { algorithms: ["HS256"] })).toThrow("invalid algorithm");
  });

  it("when a middleware decodes instead of verifying, then an alg: none token gets in", async () => {
    const decodeOnly = express().get("/profile", (req, res) => {
      const token = req.headers.authorization?.split(" ")[1] ?? "";
      res.json({ user: jwt.decode(token) });
    });
    const res = await supertest(decodeOnly)
      .get("/profile")
      .set("Authorization", `Bearer ${unsigned(claims)}`)
      .expect(200);
    expect(res.body.user).toMatchObject({ sub: "1" });
    const guarded = express().get("/profile", verifyToken(secret), (_req, res) => res.json({}));
    await supertest(guarded)
      .get("/profile")
      .set("Authorization", `Bearer ${unsigned(claims)}`)
      .expect(401);
  });
});

describe("the browser client (localStorage and the axios interceptors)", () => {
  let server: Server;
  let baseURL: string;
  const stored = new Map<string, string>();

  beforeAll(async () => {
    Object.defineProperty(globalThis, "localStorage", {
      configurable: true,
      value: {
        getItem: (key: string) => stored.get(key) ?? null,
        setItem: (key: string, value: string) => void stored.set(key, value),
        removeItem: (key: string) => void stored.delete(key),
      },
    });
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    Reflect.deleteProperty(globalThis, "localStorage");
  });
  beforeEach(() => stored.clear());

  it("when the user logs in, then the token is kept in localStorage and sent as a Bearer", async () => {
    const api = createClient(baseURL, () => {});
    await logIn(api, ada.email, ada.password);
    expect(stored.get("token")?.split(".")).toHaveLength(3);
    const res = await api.get("/profile");
    expect(res.config.headers.Authorization).toBe(`Bearer ${stored.get("token")}`);
    expect(res.data).toEqual({ user: { sub: "1", email: ada.email } });
  });

  it("when the API answers 401, then the token is forgotten and the page told to log in again", async () => {
    let loggedOut = 0;
    const api = createClient(baseURL, () => loggedOut++);
    stored.set("token", jwt.sign({ sub: "1", email: ada.email, exp: now() - 60 }, secret));
    await expect(api.get("/profile")).rejects.toMatchObject({ response: { status: 401 } });
    expect(stored.has("token")).toBe(false);
    expect(loggedOut).toBe(1);
  });
});

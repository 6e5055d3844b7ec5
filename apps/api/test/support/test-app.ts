import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { apiPaths, REFRESH_COOKIE_NAME } from "@jwt-auth/shared";
import supertest from "supertest";
import { bootstrap, type Overrides, type Running } from "../../src/bootstrap.js";
import { createPasswordHasher, type PasswordHasher } from "../../src/auth/password-hasher.js";
import { loadConfig, type Config } from "../../src/config/env.js";

export interface StartOptions {
  env?: Record<string, string>;
  overrides?: Overrides;
  databaseUrl?: string;
}

export interface TestApp extends Running {
  config: Config;
  dir: string;
  http: ReturnType<typeof supertest>;
}

let sharedHasher: Promise<PasswordHasher> | undefined;

/**
 * A real app on a real store: a fresh temp SQLite file per call (or the PostgreSQL
 * database of `databaseUrl`, see test/postgres/test-database.ts), real argon2id, real
 * jsonwebtoken. `env` takes the same variables as production.
 */
export async function startTestApp(options: StartOptions = {}): Promise<TestApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-test-"));
  try {
    return await startIn(dir, options);
  } catch (err) {
    // A test that expects start-up to fail must not leave its folder behind.
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function startIn(dir: string, options: StartOptions): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: "test",
    DATABASE_URL: options.databaseUrl ?? `sqlite:${path.join(dir, "test.db")}`,
    DATA_DIR: dir,
    JWT_SECRET: randomBytes(32).toString("base64url"),
    LOG_LEVEL: "silent",
    RATE_LIMIT: "off",
    WEB_DIST_DIR: path.join(dir, "no-web"),
    ...options.env,
  });
  sharedHasher ??= createPasswordHasher();
  const running = await bootstrap(config, { hasher: await sharedHasher, ...options.overrides });
  return {
    ...running,
    config,
    dir,
    http: supertest(running.app),
    async close() {
      await running.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RegisteredUser {
  id: string;
  email: string;
  password: string;
  name: string;
  accessToken: string;
  refreshToken: string;
}

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.com`;
}

export async function registerUser(
  app: TestApp,
  fields: Partial<{ email: string; password: string; name: string }> = {},
): Promise<RegisteredUser> {
  const body = {
    email: uniqueEmail(),
    password: "correct horse battery",
    name: "Ada Lovelace",
    ...fields,
  };
  const res = await app.http.post(apiPaths.register).send(body).expect(201);
  return {
    id: res.body.user.id,
    email: res.body.user.email,
    password: body.password,
    name: res.body.user.name,
    accessToken: res.body.accessToken,
    refreshToken: refreshCookieOf(res.headers["set-cookie"])!,
  };
}

export async function login(app: TestApp, email: string, password: string) {
  const res = await app.http.post(apiPaths.login).send({ email, password }).expect(200);
  return {
    accessToken: res.body.accessToken as string,
    refreshToken: refreshCookieOf(res.headers["set-cookie"])!,
  };
}

/** The refresh token value from a response's Set-Cookie headers, if one was set. */
export function refreshCookieOf(setCookie: string | string[] | undefined): string | undefined {
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  for (const c of cookies) {
    const match = new RegExp(`^${REFRESH_COOKIE_NAME}=([^;]*)`).exec(c);
    if (match && match[1]) return decodeURIComponent(match[1]);
  }
  return undefined;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
export const cookie = (refreshToken: string) => ({
  Cookie: `${REFRESH_COOKIE_NAME}=${refreshToken}`,
});

/**
 * Proves the user's address as its owner would: the verification link from the development
 * mailbox, then a refresh, so the user's tokens say `email_verified` (second factors,
 * passkeys and providers need it). Updates `user`'s tokens in place and returns it.
 */
export async function verifyEmailOf<U extends RegisteredUser>(app: TestApp, user: U): Promise<U> {
  const messages = (await app.http.get("/api/dev/mailbox").expect(200)).body.messages as Array<{
    to: string;
    text: string;
  }>;
  const link = new RegExp(`/verify-email#token=([A-Za-z0-9_-]+)`);
  const token = messages
    .filter((message) => message.to === user.email)
    .map((message) => link.exec(message.text)?.[1])
    .find((found) => found !== undefined);
  if (!token) throw new Error(`no verification link mailed to ${user.email}`);
  await app.http.post("/api/auth/verify-email").send({ token }).expect(200);
  const refreshed = await app.http
    .post("/api/auth/refresh")
    .set(cookie(user.refreshToken))
    .expect(200);
  user.accessToken = refreshed.body.accessToken as string;
  user.refreshToken = refreshCookieOf(refreshed.headers["set-cookie"])!;
  return user;
}

/** A registered user whose address is verified (see verifyEmailOf). */
export async function registerVerifiedUser(
  app: TestApp,
  fields: Partial<{ email: string; password: string; name: string }> = {},
): Promise<RegisteredUser> {
  return verifyEmailOf(app, await registerUser(app, fields));
}

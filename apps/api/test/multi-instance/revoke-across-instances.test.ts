import { apiPaths, pathTo } from "@jwt-auth/shared";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSchema, type TestSchema } from "../postgres/test-database.js";
import { waitFor } from "../postgres/wait-for.js";
import { spawnApi, stopAll, type ApiProcess } from "./spawn-api.js";

// A session revoked from the security page on instance A must stop working on instance B
// at once: its access token (already verified, so in B's cache) and its refresh token.
let schema: TestSchema;
let dir: string;
let a: ApiProcess;
let b: ApiProcess;

beforeAll(async () => {
  schema = await createTestSchema();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-revoke-"));
  const env = {
    DATABASE_URL: schema.url,
    JWT_SECRET: randomBytes(32).toString("base64url"),
    DATA_DIR: dir,
    WEB_DIST_DIR: path.join(dir, "no-web"),
  };
  [a, b] = await Promise.all([spawnApi(env), spawnApi(env)]);
}, 90_000);

afterAll(async () => {
  await stopAll();
  await schema?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function call(on: ApiProcess, method: string, route: string, token?: string, body?: unknown) {
  const res = await fetch(`${on.url}${route}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const sessionOf = (accessToken: string) =>
  JSON.parse(Buffer.from(accessToken.split(".")[1]!, "base64url").toString()).sid as string;

describe("revoking one session across two API processes on PostgreSQL", () => {
  it("when a session is revoked on instance A, then instance B refuses its cached access token", async () => {
    const email = `revoke-${randomUUID().slice(0, 8)}@example.com`;
    const password = "correct horse battery";
    const registered = await call(a, "POST", apiPaths.register, undefined, {
      email,
      password,
      name: "Ada",
    });
    expect(registered.status).toBe(201);
    const laptop = registered.body.accessToken as string;
    const phoneLogin = await call(b, "POST", apiPaths.login, undefined, { email, password });
    const phone = phoneLogin.body.accessToken as string;
    // B verifies the phone's token once, so it sits in B's verified-token cache.
    expect((await call(b, "GET", apiPaths.profile, phone)).status).toBe(200);

    const revoked = await call(
      a,
      "DELETE",
      pathTo(apiPaths.session, { id: sessionOf(phone) }),
      laptop,
    );
    expect(revoked.status).toBe(204);

    await waitFor(
      async () => {
        const res = await call(b, "GET", apiPaths.profile, phone);
        return res.status === 401 && res.body.code === "token_revoked";
      },
      { timeoutMs: 5_000, intervalMs: 5, what: "the revoke enforced by instance B" },
    );
    // How long it takes is measured by `npm run bench` (case "revoke"), not asserted here.
    expect((await call(b, "GET", apiPaths.profile, laptop)).status).toBe(200);
    const sessions = await call(b, "GET", apiPaths.sessions, laptop);
    expect((sessions.body.sessions as Array<{ id: string }>).map((s) => s.id)).toEqual([
      sessionOf(laptop),
    ]);
  });
});

import { apiPaths, pathTo } from "@jwt-auth/shared";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../postgres/wait-for.js";
import { startTwoInstances, type ApiProcess, type TwoInstances } from "./spawn-api.js";

// A session revoked from the security page on instance A must stop working on instance B
// at once: its access token (already verified, so in B's cache) and its refresh token.
let instances: TwoInstances | undefined;
let a: ApiProcess;
let b: ApiProcess;

beforeAll(async () => {
  instances = await startTwoInstances("revoke");
  ({ a, b } = instances);
}, 90_000);

afterAll(async () => {
  await instances?.close();
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

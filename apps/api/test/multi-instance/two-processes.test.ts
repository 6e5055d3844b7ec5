import { apiPaths } from "@jwt-auth/shared";
import { randomUUID } from "node:crypto";
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshCookieOf } from "../support/test-app.js";
import { withClient, type TestSchema } from "../postgres/test-database.js";
import { waitFor } from "../postgres/wait-for.js";
import { startTwoInstances, type ApiProcess, type TwoInstances } from "./spawn-api.js";

// Two real API processes on one PostgreSQL schema, with the same signing secret: what a
// deployment behind a load balancer looks like, without sticky sessions.
let instances: TwoInstances | undefined;
let a: ApiProcess;
let b: ApiProcess;
let schema: TestSchema;

beforeAll(async () => {
  instances = await startTwoInstances("multi");
  ({ a, b, schema } = instances);
}, 90_000);

afterAll(async () => {
  await instances?.close();
});

async function call(
  on: ApiProcess,
  method: string,
  route: string,
  options: { token?: string; refresh?: string; body?: unknown } = {},
) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.refresh) headers.cookie = `refresh_token=${options.refresh}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${on.url}${route}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    refresh: refreshCookieOf(res.headers.getSetCookie()),
  };
}

async function register(on: ApiProcess) {
  const email = `multi-${randomUUID().slice(0, 8)}@example.com`;
  const res = await call(on, "POST", apiPaths.register, {
    body: { email, password: "correct horse battery", name: "Ada" },
  });
  expect(res.status).toBe(201);
  return { email, accessToken: res.body.accessToken as string, refreshToken: res.refresh! };
}

const sessionOf = (accessToken: string) =>
  JSON.parse(Buffer.from(accessToken.split(".")[1]!, "base64url").toString()).sid as string;

const liveChildren = (sessionId: string) =>
  withClient(schema.url, (c) =>
    c.query("select token_hash from refresh_tokens where session_id = $1 and rotated_at is null", [
      sessionId,
    ]),
  ).then((r) => r.rowCount);

describe("two API processes on one PostgreSQL database", () => {
  it("when a token is issued by one instance, then the other accepts it", async () => {
    const user = await register(a);
    expect((await call(b, "GET", apiPaths.profile, { token: user.accessToken })).status).toBe(200);

    const login = await call(b, "POST", apiPaths.login, {
      body: { email: user.email, password: "correct horse battery" },
    });
    expect(
      (await call(a, "GET", apiPaths.profile, { token: login.body.accessToken as string })).status,
    ).toBe(200);
  });

  // How fast the other instance learns of it is a figure, measured by `npm run bench`
  // (revocation case); here, only that it does, through LISTEN/NOTIFY and not a restart.
  it("when a user logs out everywhere on one instance, then the other rejects their tokens", async () => {
    const user = await register(a);
    const second = await call(b, "POST", apiPaths.login, {
      body: { email: user.email, password: "correct horse battery" },
    });
    const tokens = [user.accessToken, second.body.accessToken as string];
    for (const token of tokens)
      expect((await call(b, "GET", apiPaths.profile, { token })).status).toBe(200);

    expect((await call(a, "POST", apiPaths.logoutAll, { token: user.accessToken })).status).toBe(
      204,
    );

    await waitFor(
      async () => {
        const answers = await Promise.all(
          tokens.map((token) => call(b, "GET", apiPaths.profile, { token })),
        );
        return answers.every((r) => r.status === 401 && r.body.code === "token_revoked");
      },
      // Generous: on a loaded machine a notification can take seconds; it must not need a restart.
      { timeoutMs: 15_000, intervalMs: 20, what: "logout-all enforced by the other instance" },
    );
  });

  it("when refreshes of one token race across both instances, then all succeed and only one child is ever live", async () => {
    const user = await register(a);
    const sessionId = sessionOf(user.accessToken);
    let token = user.refreshToken;

    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          call(i % 2 ? a : b, "POST", apiPaths.refresh, { refresh: token }),
        ),
      );

      expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
      const children = new Set(results.map((r) => r.refresh));
      expect(children.size).toBe(1);
      expect(await liveChildren(sessionId)).toBe(1);
      token = [...children][0]!;
    }
  });

  // Last: it stops instance B.
  it("when an instance gets SIGTERM, then it stops accepting, finishes the request in flight, and exits 0", async () => {
    const user = await register(a);
    const body = JSON.stringify({ email: user.email, password: "correct horse battery" });
    // `Expect: 100-continue` lets the test know the server holds the request before the body
    // is sent. Keep-alive, as browsers and load balancers use: the connection must still close.
    const agent = new http.Agent({ keepAlive: true });
    const request = http.request(`${b.url}/api/auth/login`, {
      method: "POST",
      agent,
      headers: {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
        expect: "100-continue",
      },
    });
    const continued = new Promise<void>((resolve) => request.once("continue", resolve));
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      request.once("error", reject);
      request.once("response", (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
    });
    answered.catch(() => undefined); // awaited below; a failure must not surface as unhandled first
    request.flushHeaders();
    await continued;

    b.child.kill("SIGTERM");
    await waitFor(() => refusesConnections(b.url), { what: "B stops accepting connections" });
    request.end(body);

    const response = await answered;
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).user.email).toBe(user.email);
    expect(await b.exited).toBe(0);
    agent.destroy();
    expect(b.output()).toMatch(/shutting down/);
    // A is unaffected.
    expect((await call(a, "GET", apiPaths.profile, { token: user.accessToken })).status).toBe(200);
  });
});

function refusesConnections(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { spawnApi, stopAll, type ApiProcess } from "../multi-instance/spawn-api.js";

/** One request on a keep-alive agent: its status and `Connection` header, or the error code. */
function send(agent: http.Agent, url: string, method: string, body?: string) {
  return new Promise<{ status: number; connection: string | undefined } | { error: string }>(
    (resolve) => {
      const req = http.request(url, {
        method,
        agent,
        headers: body ? { "Content-Type": "application/json" } : {},
      });
      req.on("response", (res) => {
        res.resume();
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }),
        );
      });
      req.on("error", (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
      req.end(body);
    },
  );
}

describe("stopping the server", () => {
  let dir: string;
  let api: ApiProcess;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-shutdown-"));
  });
  afterEach(() => stopAll());
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const start = (name: string) =>
    spawnApi({
      DATABASE_URL: `sqlite:${path.join(dir, `${name}.db`)}`,
      DATA_DIR: dir,
      WEB_DIST_DIR: path.join(dir, "no-web"),
      RATE_LIMIT: "off",
    });

  it("when SIGTERM arrives while keep-alive clients hammer it, then no request is reset and it exits 0", async () => {
    api = await start("hammer");
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const login = JSON.stringify({ email: "nobody@example.com", password: "wrong password" });
    const errors: string[] = [];
    const closing: number[] = [];
    let answered = 0;
    let signalled = false;
    let resolveWarm: () => void;
    const warm = new Promise<void>((resolve) => (resolveWarm = resolve));

    // Each worker keeps one request in flight until the server no longer accepts connections.
    const worker = async (i: number) => {
      for (let n = 0; ; n++) {
        const reply =
          (i + n) % 2 === 0
            ? await send(agent, `${api.url}/api/auth/login`, "POST", login)
            : await send(agent, `${api.url}/api/health`, "GET");
        if ("error" in reply) {
          if (reply.error === "ECONNREFUSED") return;
          errors.push(reply.error);
          continue;
        }
        answered++;
        if (signalled && reply.connection === "close") closing.push(reply.status);
        if (answered === 40) resolveWarm();
      }
    };
    const workers = Promise.all(Array.from({ length: 8 }, (_, i) => worker(i)));

    await warm;
    signalled = true;
    api.child.kill("SIGTERM");
    const code = await api.exited;
    await workers;
    agent.destroy();

    expect(errors).toEqual([]);
    expect(code).toBe(0);
    // Requests were still answered while draining, each telling its client to close.
    expect(closing.length).toBeGreaterThan(0);
  }, 60_000);

  it("when a client sent half a body and went quiet, then SIGTERM still ends the process with 0, cutting only that request", async () => {
    api = await start("stalled");
    const { hostname, port } = new URL(api.url);
    const socket = net.connect({ host: hostname, port: Number(port) });
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.on("error", () => {});
    await new Promise<void>((resolve) => socket.on("connect", resolve));
    await new Promise<void>((resolve) =>
      socket.write(
        [
          "POST /api/auth/login HTTP/1.1",
          `Host: ${hostname}:${port}`,
          "Content-Type: application/json",
          "Content-Length: 100",
          "",
          '{"email":"stalled@example.com",',
        ].join("\r\n"),
        () => resolve(),
      ),
    );
    // A request on another connection answered after ours was written: the server has read it.
    expect((await fetch(`${api.url}/api/health`)).status).toBe(200);

    api.child.kill("SIGTERM");
    const code = await api.exited;
    await closed;

    expect(code).toBe(0);
    expect(api.output()).toMatch(/"cut":1,"msg":"cut requests that did not finish in time"/);
  }, 30_000);
});

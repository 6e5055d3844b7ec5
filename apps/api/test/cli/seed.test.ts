import { apiPaths } from "@jwt-auth/shared";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USER, seedDemoUser } from "../../src/cli/seed.js";
import { loadConfig } from "../../src/config/env.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

const apiRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tsx = path.resolve(apiRoot, "../../node_modules/.bin/tsx");

/** The real entry point, from source, with only the variables given. */
function runSeed(env: Record<string, string>) {
  const child = spawn(tsx, ["src/cli/seed.ts"], {
    cwd: apiRoot,
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const timeout = setTimeout(() => child.kill("SIGKILL"), 20_000);
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    child.on("exit", (code) => {
      clearTimeout(timeout);
      resolve({ code, output });
    });
  });
}

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe("npm run seed", () => {
  it("when run on an empty database, then the demo user can log in with the documented password", async () => {
    expect(await seedDemoUser(app.config)).toBe("created");
    const res = await app.http
      .post(apiPaths.login)
      .send({ email: DEMO_USER.email, password: DEMO_USER.password });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: "demo@example.com", name: "Demo User" });
  });

  it("when run again, then it reports that the user exists and changes nothing", async () => {
    const before = await app.http
      .post(apiPaths.login)
      .send({ email: DEMO_USER.email, password: DEMO_USER.password })
      .expect(200);
    expect(await seedDemoUser(app.config)).toBe("exists");
    const after = await app.http
      .post(apiPaths.login)
      .send({ email: DEMO_USER.email, password: DEMO_USER.password })
      .expect(200);
    expect(after.body.user).toEqual(before.body.user);
  });

  it("when NODE_ENV is production, then it refuses to create an account with a public password", async () => {
    const config = loadConfig({
      ...envOf(app.dir),
      NODE_ENV: "production",
      JWT_SECRET: "x".repeat(32),
      SMTP_URL: "smtp://127.0.0.1:2525",
      MFA_ENCRYPTION_KEY: "a".repeat(64),
    });
    await expect(seedDemoUser(config)).rejects.toThrow(/production/);
  });

  it("when the command runs twice, then it says created, then already exists, and exits 0 both times", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-seed-"));
    try {
      const first = await runSeed(envOf(dir));
      expect(first.code).toBe(0);
      expect(first.output).toMatch(
        /Created the demo user demo@example\.com \(password: demo-password\)/,
      );
      const second = await runSeed(envOf(dir));
      expect(second.code).toBe(0);
      expect(second.output).toMatch(/demo@example\.com already exists/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

function envOf(dir: string): Record<string, string> {
  return {
    DATABASE_URL: `sqlite:${path.join(dir, "seed.db")}`,
    DATA_DIR: dir,
    LOG_LEVEL: "silent",
  };
}

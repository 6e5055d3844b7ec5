import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSchema, type TestSchema } from "../postgres/test-database.js";
import { waitFor } from "../postgres/wait-for.js";
import { enableTotp } from "../support/totp.js";
import {
  bearer,
  registerUser,
  registerVerifiedUser,
  startTestApp,
  type TestApp,
} from "../support/test-app.js";
import { refresh } from "../admin/admin-support.js";
import { runAdminCommand } from "../../src/cli/admin.js";

const apiRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tsx = path.resolve(apiRoot, "../../node_modules/.bin/tsx");

/** The real entry point, from source, as a subprocess with only the variables given. */
function runAdmin(args: string[], env: Record<string, string>) {
  const child = spawn(tsx, ["src/cli/admin.ts", ...args], {
    cwd: apiRoot,
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timeout = setTimeout(() => child.kill("SIGKILL"), 30_000);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on("exit", (code) => {
      clearTimeout(timeout);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The variables that point the command at a running test app's database. */
function envOf(app: TestApp): Record<string, string> {
  return {
    DATABASE_URL: app.config.databaseUrl,
    DATA_DIR: app.dir,
    JWT_SECRET: app.config.jwt.secret!,
    RATE_LIMIT: "off",
  };
}

// Each run starts tsx and boots the app's services: seconds apiece on a busy machine.
const RUN_TIMEOUT = 180_000;

function describeCli(store: "SQLite" | "PostgreSQL") {
  describe(`npm run admin on ${store}`, { timeout: RUN_TIMEOUT }, () => {
    let schema: TestSchema | undefined;
    let app: TestApp;

    beforeAll(async () => {
      schema = store === "PostgreSQL" ? await createTestSchema() : undefined;
      app = await startTestApp(schema ? { databaseUrl: schema.url } : {});
    });
    afterAll(async () => {
      await app?.close();
      await schema?.drop();
    });

    it("when grant-admin names a user, then their next refresh carries admin and the audit log names the shell", async () => {
      const user = await registerUser(app, { name: "First Admin" });
      const run = await runAdmin(["grant-admin", user.email.toUpperCase()], envOf(app));
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout.trim().split("\n")).toEqual([
        `${user.email} is an administrator (from the next refresh of their session)`,
      ]);
      await refresh(app, user);
      const audit = await app.http
        .get("/api/admin/audit")
        .set(bearer(user.accessToken))
        .expect(200);
      expect(audit.body.events[0]).toMatchObject({
        action: "roles_changed",
        actor: { id: null, email: expect.stringMatching(/^shell:/) },
        target: { id: user.id, email: user.email },
      });

      const last = await runAdmin(["revoke-admin", user.email], envOf(app));
      expect(last.code).toBe(1);
      expect(last.stderr).toContain(`${user.email} is the last administrator`);
    });

    it("when lock and unlock run, then the login is refused with the reason, then works again", async () => {
      const user = await registerUser(app);
      const locked = await runAdmin(
        ["lock", user.email, "--reason", "Chargeback", "--until", "2099-01-01T00:00:00Z"],
        envOf(app),
      );
      expect(locked.code).toBe(0);
      expect(locked.stdout).toContain(`${user.email} is locked until 2099-01-01T00:00:00.000Z`);
      const refused = await app.http
        .post("/api/auth/login")
        .send({ email: user.email, password: user.password });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({
        code: "account_locked",
        reason: "Chargeback",
        until: "2099-01-01T00:00:00.000Z",
      });
      // The shell's lock reaches the running instance: through the feed on PostgreSQL, as the
      // API's does; on SQLite through the server's watch for another process's writes (four
      // looks a second).
      await waitFor(
        async () =>
          (await app.http.get("/api/user/profile").set(bearer(user.accessToken))).status === 401,
        {
          timeoutMs: 1_000,
          what: "the running instance refusing the locked user's token",
        },
      );
      const unlocked = await runAdmin(["unlock", user.email], envOf(app));
      expect(unlocked.code).toBe(0);
      await app.http
        .post("/api/auth/login")
        .send({ email: user.email, password: user.password })
        .expect(200);
    });

    it("when reset-mfa runs, then the password alone signs in", async () => {
      const user = await registerVerifiedUser(app);
      await enableTotp(app, user, Date.now());
      const reset = await runAdmin(["reset-mfa", user.email], envOf(app));
      expect(reset.code).toBe(0);
      const login = await app.http
        .post("/api/auth/login")
        .send({ email: user.email, password: user.password })
        .expect(200);
      expect(login.body.accessToken).toEqual(expect.any(String));
    });

    it("when list runs with a query, then it prints one line per matching user", async () => {
      const tag = `cli${Math.random().toString(36).slice(2, 8)}`;
      const a = await registerUser(app, { email: `${tag}-a@example.com` });
      const b = await registerUser(app, { email: `${tag}-b@example.com` });
      const run = await runAdmin(["list", "--query", tag], envOf(app));
      expect(run.code).toBe(0);
      const lines = run.stdout.trim().split("\n");
      expect(lines).toHaveLength(2);
      expect(lines.map((line) => line.split("\t")[0]).sort()).toEqual([a.email, b.email].sort());
    });

    it("when the email is unknown or an argument is bad, then one clear line and a non-zero exit", async () => {
      const unknown = await runAdmin(["unlock", "nobody@example.com"], envOf(app));
      expect(unknown.code).toBe(1);
      expect(unknown.stderr.trim()).toBe("No account has the email nobody@example.com");
      const bad = await runAdmin(["lock", "someone@example.com"], envOf(app));
      expect(bad.code).toBe(2);
      expect(bad.stderr.split("\n")[0]).toBe("lock needs --reason <text>");
    });
  });
}

describeCli("SQLite");
describeCli("PostgreSQL");

describe("npm run admin's arguments", () => {
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAdminCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  };

  it("when the arguments are wrong, then it says what is wrong in one line and exits 2, before touching a store", async () => {
    for (const [args, line] of [
      [["frobnicate"], "Unknown command: frobnicate (see --help)"],
      [["lock", "someone@example.com"], "lock needs --reason <text>"],
      [
        ["lock", "someone@example.com", "--reason", "x", "--until", "soon"],
        "--until must be an ISO time, like 2030-01-31T18:00:00Z (got soon)",
      ],
      [["grant-admin"], "grant-admin needs exactly one email"],
      [["grant-admin", "not-an-email"], "Not an email address: not-an-email"],
      [["unlock", "a@example.com", "--reason", "x"], "unlock does not take --reason"],
      [["list", "--limit", "0"], "--limit must be a whole number from 1 to 1000"],
    ] as const) {
      const result = await run([...args]);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.err[0]).toBe(line);
    }
  });

  it("when asked for help, then it lists every command and exits 0", async () => {
    const result = await run(["--help"]);
    expect(result.code).toBe(0);
    for (const command of ["grant-admin", "revoke-admin", "lock", "unlock", "reset-mfa", "list"])
      expect(result.out.join("\n")).toContain(command);
  });
});

import os from "node:os";
import { pathToFileURL } from "node:url";
import type { AdminUser } from "@jwt-auth/shared";
import type { Actor, AdminService } from "../admin/admin-service.js";
import { adminServiceOf } from "../app.js";
import { bootstrap } from "../bootstrap.js";
import { ConfigError, loadConfig } from "../config/env.js";
import { DomainError } from "../errors/domain-error.js";
import { ADMIN_USAGE, parseAdminArguments, type AdminCommand } from "./admin-arguments.js";

/**
 * `npm run admin -- <command>`: the administrator's actions from a shell on the server. It
 * boots the app's services on the configured database (no port is opened) and calls the
 * same AdminService as the admin API: the same credential events, the same audit log (the
 * actor is `shell:<os user>`), and on PostgreSQL the same feed, so a lock made here ends
 * the user's sessions on every running instance (on SQLite within a quarter of a second,
 * when the server next looks for another process's writes). This is how the first
 * administrator is made.
 */
export async function runAdminCommand(
  argv: readonly string[],
  io: { out: (line: string) => void; err: (line: string) => void },
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const command = parseAdminArguments(argv);
  if ("error" in command) {
    io.err(`${command.error}`);
    io.err("Run `npm run admin -- --help` for the commands.");
    return 2;
  }
  if (command.name === "help") {
    io.out(ADMIN_USAGE);
    return 0;
  }
  // A developer's machine unless told otherwise, like `npm run seed`.
  const config = loadConfig({ NODE_ENV: "development", LOG_LEVEL: "silent", ...env });
  const running = await bootstrap(config);
  try {
    const admin = adminServiceOf(running.app);
    const actor: Actor = {
      id: null,
      email: `shell:${os.userInfo().username}`,
      context: { ip: null, userAgent: "npm run admin" },
    };
    return await execute(admin, actor, command, io);
  } finally {
    await running.close();
  }
}

async function execute(
  admin: AdminService,
  actor: Actor,
  command: Exclude<AdminCommand, { name: "help" }>,
  io: { out: (line: string) => void; err: (line: string) => void },
): Promise<number> {
  if (command.name === "list") {
    const page = await admin.listUsers({
      query: command.query?.toLowerCase(),
      limit: command.limit,
    });
    for (const user of page.users) io.out(describe(user));
    if (page.users.length === 0) io.out("No users found");
    return 0;
  }
  const userId = await admin.idOfEmail(command.email);
  if (!userId) {
    io.err(`No account has the email ${command.email}`);
    return 1;
  }
  try {
    switch (command.name) {
      case "grant-admin": {
        const user = await admin.user(userId);
        await admin.setRoles(actor, userId, [...user.roles, "admin"]);
        io.out(`${command.email} is an administrator (from the next refresh of their session)`);
        return 0;
      }
      case "revoke-admin": {
        const user = await admin.user(userId);
        await admin.setRoles(
          actor,
          userId,
          user.roles.filter((role) => role !== "admin"),
        );
        io.out(
          `${command.email} is no longer an administrator (their admin tokens are refused now)`,
        );
        return 0;
      }
      case "lock":
        await admin.lock(actor, userId, { reason: command.reason, until: command.until });
        io.out(
          `${command.email} is locked ${command.until ? `until ${command.until}` : "until unlocked"}; every session ended`,
        );
        return 0;
      case "unlock":
        await admin.unlock(actor, userId);
        io.out(`${command.email} is unlocked`);
        return 0;
      case "reset-mfa":
        await admin.resetMfa(actor, userId);
        io.out(
          `Two-factor authentication is off for ${command.email}; every session ended, a notice was mailed`,
        );
        return 0;
    }
  } catch (err) {
    if (err instanceof DomainError) {
      io.err(refusal(err, command.email));
      return 1;
    }
    throw err;
  }
}

function refusal(err: DomainError, email: string): string {
  switch (err.code) {
    case "last_admin":
      return `${email} is the last administrator: grant admin to another account first`;
    case "mfa_not_enabled":
      return `Two-factor authentication is not on for ${email}`;
    case "validation_failed":
      return Object.values(err.errors ?? {}).flat()[0] ?? err.message;
    default:
      return `Refused: ${err.code}${err.detail ? ` (${err.detail})` : ""}`;
  }
}

/** One user, one line: email, name, roles, and what stands out. */
function describe(user: AdminUser): string {
  const notes = [
    user.locked
      ? `locked${user.locked.until ? ` until ${user.locked.until}` : ""}: ${user.locked.reason}`
      : "",
    user.totpEnabled ? "2fa" : "",
    user.emailVerified ? "" : "unverified",
  ].filter(Boolean);
  return [user.email, user.name, user.roles.join(","), user.createdAt, ...notes].join("\t");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runAdminCommand(process.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  })
    .then((code) => process.exit(code))
    .catch((err: unknown) => {
      console.error(
        err instanceof ConfigError
          ? `Configuration error: ${err.message}`
          : `Admin command failed: ${err instanceof Error ? err.message : String(err)}`,
      );
      process.exit(1);
    });
}

import { Email } from "@jwt-auth/shared";

/** What `npm run admin -- …` was asked to do, read from its arguments. */
export type AdminCommand =
  | { name: "grant-admin" | "revoke-admin" | "unlock" | "reset-mfa"; email: string }
  | { name: "lock"; email: string; reason: string; until: string | null }
  | { name: "list"; query: string | undefined; limit: number }
  | { name: "help" };

export const ADMIN_USAGE = `Usage: npm run admin -- <command>

Administration from a shell on the server, against the configured database (DATABASE_URL),
through the same services as the admin API. No token needed: whoever can run this owns the server.

  grant-admin <email>                            give the account the admin role
  revoke-admin <email>                           take it away (never from the last administrator)
  lock <email> --reason <text> [--until <time>]  lock the account (until an ISO time, or until unlocked)
  unlock <email>                                 lift the lock
  reset-mfa <email>                              turn two-factor authentication off (support recovery)
  list [--query <text>] [--limit <n>]            users newest first, one line each (default 50)
  --help                                         this text`;

/** The command, or the one line that says what is wrong with the arguments. */
export function parseAdminArguments(argv: readonly string[]): AdminCommand | { error: string } {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    return { name: "help" };
  }
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === "--help" || arg === "-h") return { name: "help" };
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const equals = arg.indexOf("=");
    const flag = equals === -1 ? arg : arg.slice(0, equals);
    const value = equals === -1 ? rest[++i] : arg.slice(equals + 1);
    if (value === undefined || value.startsWith("--")) return { error: `${flag} needs a value` };
    flags.set(flag, value);
  }
  const allowed = ALLOWED_FLAGS[name];
  if (!allowed) return { error: `Unknown command: ${name} (see --help)` };
  const unknown = [...flags.keys()].find((flag) => !allowed.includes(flag));
  if (unknown) return { error: `${name} does not take ${unknown}` };

  if (name === "list") {
    if (positional.length > 0) return { error: `list takes no argument: ${positional[0]}` };
    const limit = Number(flags.get("--limit") ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      return { error: "--limit must be a whole number from 1 to 1000" };
    }
    return { name, query: flags.get("--query"), limit };
  }

  if (positional.length !== 1) return { error: `${name} needs exactly one email` };
  const email = Email.safeParse(positional[0]);
  if (!email.success) return { error: `Not an email address: ${positional[0]}` };

  if (name === "lock") {
    const reason = flags.get("--reason")?.trim();
    if (!reason) return { error: "lock needs --reason <text>" };
    const untilText = flags.get("--until");
    let until: string | null = null;
    if (untilText !== undefined) {
      const at = Date.parse(untilText);
      if (!/^\d{4}-\d{2}-\d{2}/.test(untilText) || Number.isNaN(at)) {
        return {
          error: `--until must be an ISO time, like 2030-01-31T18:00:00Z (got ${untilText})`,
        };
      }
      until = new Date(at).toISOString();
    }
    return { name, email: email.data, reason, until };
  }
  return {
    name: name as "grant-admin" | "revoke-admin" | "unlock" | "reset-mfa",
    email: email.data,
  };
}

const ALLOWED_FLAGS: Record<string, readonly string[]> = {
  "grant-admin": [],
  "revoke-admin": [],
  lock: ["--reason", "--until"],
  unlock: [],
  "reset-mfa": [],
  list: ["--query", "--limit"],
};

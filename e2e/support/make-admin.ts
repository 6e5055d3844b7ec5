import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runSettings } from "./run-settings";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Makes an account an administrator the way an operator does: `npm run admin -- grant-admin`
 * (its built entry point) against the main e2e server's database. The role reaches the
 * user's tokens at their next login or refresh.
 */
export function grantAdmin(email: string): void {
  const dataDir = path.join(runSettings().runDir, "api");
  execFileSync(
    process.execPath,
    [path.join(root, "apps/api/dist/cli/admin.js"), "grant-admin", email],
    {
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "development",
        DATABASE_URL: `sqlite:${path.join(dataDir, "app.db")}`,
        DATA_DIR: dataDir,
        LOG_LEVEL: "silent",
      },
      stdio: "pipe",
    },
  );
}

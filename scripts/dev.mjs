#!/usr/bin/env node
// `npm run dev`: the API with restart on change, Vite with hot reload, and the shared package
// in watch mode, through turbo (which builds the shared package once first).
//
// NODE_ENV: the API treats an unset NODE_ENV as production; this is a developer's machine,
// so unset means development here (generated keys, no `Secure` cookie on plain http).
// --env-mode=loose: the whole environment reaches the dev servers (PORT, WEB_PORT, JWT_*…),
// as a developer expects of a dev command.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
if (!process.env.NODE_ENV) process.env.NODE_ENV = "development";

const child = spawn(
  "npx",
  [
    "turbo",
    "run",
    "dev",
    "--filter=@jwt-auth/api",
    "--filter=@jwt-auth/web",
    "--filter=@jwt-auth/shared",
    "--env-mode=loose",
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: "inherit", env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" } },
);

// Ctrl-C reaches turbo through the terminal's process group; a plain `kill` of this process
// is passed on, so the dev servers never outlive it.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

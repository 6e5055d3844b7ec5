import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import type { Server } from "node:http";
import os from "node:os";
import path from "node:path";
import type { Overrides } from "../../../src/bootstrap.js";
import {
  DEFAULT_RATE_LIMITS,
  type RateLimitName,
  type RateLimitPolicy,
} from "../../../src/http/rate-limits.js";
import type { TestApp } from "../../support/test-app.js";

/**
 * Where the attacks go. With ATTACK_BASE_URL set, every test talks over HTTP to that
 * running server (started with the defaults and TRUST_PROXY=loopback, see docs/security.md).
 * Without it, each file starts the real app in-process on a free 127.0.0.1 port, on its
 * own temp SQLite file, configured the same way, and talks to it the same way: plain fetch.
 */
export const ATTACK_BASE_URL = process.env.ATTACK_BASE_URL?.replace(/\/+$/, "") || undefined;

export interface Target {
  url: string;
  /** The app behind `url` when it runs in this process (never in URL mode). */
  app: TestApp | undefined;
  /** The rate-limit budgets the target enforces. */
  policies: Record<RateLimitName, RateLimitPolicy>;
  close(): Promise<void>;
}

export interface InProcessTarget extends Target {
  app: TestApp;
}

export interface TargetOptions {
  env?: Record<string, string>;
  overrides?: Overrides;
}

/**
 * The target of an outsider's test: the URL when one is given (its budgets are the code's
 * defaults, which no variable changes), otherwise an in-process app built with `options`.
 */
export async function startTarget(options: TargetOptions = {}): Promise<Target> {
  if (ATTACK_BASE_URL) {
    return {
      url: ATTACK_BASE_URL,
      app: undefined,
      policies: DEFAULT_RATE_LIMITS,
      close: async () => {},
    };
  }
  return startInProcess(options);
}

/**
 * A real app in this process, listening on 127.0.0.1:0. Rate limits are on and the
 * loopback proxy is trusted, as for a URL target, so each simulated client can bring its
 * own address in X-Forwarded-For. A tiny built SPA is served so its headers can be checked.
 */
export async function startInProcess(options: TargetOptions = {}): Promise<InProcessTarget> {
  const webDist = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-attack-web-"));
  fs.mkdirSync(path.join(webDist, "assets"));
  fs.writeFileSync(
    path.join(webDist, "index.html"),
    '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>\n',
  );
  fs.writeFileSync(path.join(webDist, "assets", "app.js"), "export {};\n");

  let app: TestApp;
  let server: Server;
  try {
    // Loaded here, not at the top: a URL run never needs the app's code.
    const { startTestApp } = await import("../../support/test-app.js");
    app = await startTestApp({
      env: {
        RATE_LIMIT: "on",
        TRUST_PROXY: "loopback",
        WEB_DIST_DIR: webDist,
        ...keyPairFor(options.env),
        ...options.env,
      },
      overrides: options.overrides ?? {},
    });
  } catch (err) {
    fs.rmSync(webDist, { recursive: true, force: true });
    throw err;
  }
  try {
    server = await listen(app);
  } catch (err) {
    await app.close();
    fs.rmSync(webDist, { recursive: true, force: true });
    throw err;
  }
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const policies = { ...DEFAULT_RATE_LIMITS };
  for (const [name, policy] of Object.entries(options.overrides?.rateLimits?.policies ?? {})) {
    policies[name as RateLimitName] = { ...policies[name as RateLimitName], ...policy };
  }
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    policies,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await app.close();
      fs.rmSync(webDist, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh key pair for an asymmetric server: RSA at 2048 bits, the smallest the API takes,
 * because generating the 3072-bit default costs seconds on a busy machine.
 */
function keyPairFor(env: Record<string, string> = {}): Record<string, string> {
  const algorithm = env.JWT_ALGORITHM;
  if (
    (algorithm !== "ES256" && algorithm !== "RS256") ||
    env.JWT_PRIVATE_KEY ||
    env.JWT_PRIVATE_KEY_FILE
  )
    return {};
  const { privateKey } =
    algorithm === "ES256"
      ? generateKeyPairSync("ec", { namedCurve: "P-256" })
      : generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { JWT_PRIVATE_KEY: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}

function listen(app: TestApp): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.app.listen(0, "127.0.0.1", (err?: Error) =>
      err ? reject(err) : resolve(server),
    );
  });
}

/**
 * The browser's view of the whole system: the production build (the API serving the built
 * SPA, as `npm start` runs it) on a fresh SQLite file, driven by Chromium.
 *
 * Two servers run side by side. One issues the usual 15-minute access tokens; the other
 * 3-second ones with no clock leeway, so the specs tagged @short-ttl can watch tokens
 * expire (and be refreshed, or not) in real time instead of faking the clock.
 *
 * `npm run test:e2e` builds first; `npx playwright test` alone tests the last build.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type PlaywrightTestConfig } from "@playwright/test";
import { findSystemChromium, SYSTEM_CHROMIUM_ARGS } from "./scripts/find-chromium.mjs";
import { runSettings } from "./e2e/support/run-settings";

const root = path.dirname(fileURLToPath(import.meta.url));
const serverEntry = path.join(root, "apps/api/dist/server.js");
for (const built of [serverEntry, path.join(root, "apps/web/dist/index.html")]) {
  if (!fs.existsSync(built)) {
    throw new Error(
      `${path.relative(root, built)} is missing: run \`npm run test:e2e\` (it builds), or \`npm run build\` first`,
    );
  }
}

const { port, shortTtlPort, idpPort, runDir } = runSettings();
// localhost, not 127.0.0.1: WebAuthn needs a domain as its relying party ID (APP_URL's host).
const baseURL = `http://localhost:${port}`;
const shortTtlBaseURL = `http://localhost:${shortTtlPort}`;
const idpIssuer = `http://127.0.0.1:${idpPort}`;
const resultsDir = process.env.TEST_RESULTS_DIR || path.join(root, "test-results");
const chromiumPath = findSystemChromium();

function apiServer(name: string, serverPort: number, env: Record<string, string>) {
  const dataDir = path.join(runDir, name);
  return {
    name,
    command: `node ${JSON.stringify(serverEntry)}`,
    url: `http://127.0.0.1:${serverPort}/api/health`,
    // Always a fresh server: a stale one would carry another run's users and rate limits.
    reuseExistingServer: false,
    timeout: 90_000,
    // At LOG_LEVEL=warn the server prints only what deserves a look (5xx, start-up problems).
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 5_000 },
    env: {
      HOST: "127.0.0.1",
      PORT: String(serverPort),
      // Plain http on loopback: the refresh cookie cannot be `Secure` here.
      NODE_ENV: "development",
      DATABASE_URL: `sqlite:${path.join(dataDir, "app.db")}`,
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      // Mailed links must lead back to this very server (the dev mailbox shows them).
      APP_URL: `http://localhost:${serverPort}`,
      // Off: a whole run registers more users from one address than a fresh server lets in
      // within 15 minutes. The limits themselves are proven by the API's suites
      // (apps/api/test/security); RATE_LIMIT=on runs the browser suite under them too.
      RATE_LIMIT: process.env.RATE_LIMIT || "off",
      ...env,
    },
  };
}

const config: PlaywrightTestConfig = {
  testDir: "e2e",
  outputDir: path.join(root, "test-results/artifacts"),
  globalTeardown: "./e2e/global-teardown.ts",
  fullyParallel: true,
  forbidOnly: true,
  // No retries: a test that passes only on its second try is a bug in the app or the test.
  retries: 0,
  workers: 2,
  // Room for a busy machine (both cores taken by other work, load average ~10): a test that
  // registers and logs in two browsers does four argon2id hashes and a dozen page loads, and
  // each can take several times as long as on an idle machine. Waits are for conditions, so
  // a fast machine is not slowed down; speed is measured by `npm run bench`, not here.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [
    ["list"],
    ["html", { open: "never", outputFolder: path.join(root, "playwright-report") }],
    ["json", { outputFile: path.join(resultsDir, "e2e-results.json") }],
  ],
  use: {
    browserName: "chromium",
    baseURL,
    viewport: { width: 1000, height: 700 },
    locale: "en-US",
    timezoneId: "UTC",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromiumPath ? { executablePath: chromiumPath, args: SYSTEM_CHROMIUM_ARGS } : {},
  },
  webServer: [
    // First, so the API finds it at start-up (it would retry in the background otherwise).
    {
      name: "idp",
      command: `node ${JSON.stringify(path.join(root, "apps/api/dist/cli/dev-idp.js"))} --port ${idpPort} --app-url ${baseURL}`,
      url: `${idpIssuer}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore" as const,
      stderr: "pipe" as const,
    },
    apiServer("api", port, {
      ACCESS_TOKEN_TTL: "15m",
      APP_URL: baseURL,
      OIDC_PROVIDERS: "demo",
      OIDC_DEMO_ISSUER: idpIssuer,
      OIDC_DEMO_CLIENT_ID: "jwt-auth-demo",
      OIDC_DEMO_CLIENT_SECRET: "demo-client-secret-for-loopback-only",
      OIDC_DEMO_NAME: "Demo IdP",
    }),
    // Step-up too: a sign-in counts as recent for 2 seconds, so the re-authentication spec
    // sees the dialog without waiting ten minutes.
    apiServer("api-short-ttl", shortTtlPort, {
      ACCESS_TOKEN_TTL: "3s",
      JWT_CLOCK_TOLERANCE: "0s",
      REAUTH_MAX_AGE: "2s",
    }),
  ],
  projects: [
    { name: "setup", testMatch: /\.setup\.ts$/ },
    { name: "chromium", dependencies: ["setup"], grepInvert: /@short-ttl/ },
    { name: "chromium-short-ttl", grep: /@short-ttl/, use: { baseURL: shortTtlBaseURL } },
  ],
};

export default defineConfig(config);

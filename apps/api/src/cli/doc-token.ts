import { randomBytes } from "node:crypto";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { AuthResponse, apiPaths, type UserProfile } from "@jwt-auth/shared";
import { bootstrap } from "../bootstrap.js";
import { loadConfig, type JwtAlgorithm } from "../config/env.js";

/** The account every sample in the docs belongs to. */
export const SAMPLE_USER = {
  email: "ada@example.com",
  password: "correct horse battery",
  name: "Ada Lovelace",
} as const;

export interface SampleToken {
  /** The login's answer, as the SPA receives it. */
  login: AuthResponse;
  /** GET /api/user/profile with that token. */
  profile: UserProfile;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

const decodePart = (part: string | undefined): Record<string, unknown> =>
  JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8"));

/**
 * The real thing, for the docs: an app with default settings on a throw-away SQLite store,
 * one registration, one login over HTTP, and the access token that login answers, decoded.
 * Nothing is mocked, so a claim added to the token shows up here and in nothing else first.
 */
export async function sampleToken(algorithm: JwtAlgorithm = "HS256"): Promise<SampleToken> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-doc-token-"));
  try {
    const config = loadConfig({
      NODE_ENV: "test",
      DATABASE_URL: `sqlite:${path.join(dir, "app.db")}`,
      DATA_DIR: dir,
      JWT_ALGORITHM: algorithm,
      ...(algorithm === "HS256" ? { JWT_SECRET: randomBytes(32).toString("base64url") } : {}),
      LOG_LEVEL: "silent",
      RATE_LIMIT: "off",
      WEB_DIST_DIR: path.join(dir, "no-web"),
    });
    const running = await bootstrap(config);
    const server = running.app.listen(0, "127.0.0.1");
    try {
      await new Promise((resolve) => server.once("listening", resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const post = (url: string, body: object) =>
        fetch(base + url, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body),
        });
      const registered = await post(apiPaths.register, SAMPLE_USER);
      if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
      const { email, password } = SAMPLE_USER;
      const loggedIn = await post(apiPaths.login, { email, password });
      if (loggedIn.status !== 200) throw new Error(`login answered ${loggedIn.status}`);
      const login = AuthResponse.parse(await loggedIn.json());
      const profile = await fetch(base + apiPaths.profile, {
        headers: { Authorization: `Bearer ${login.accessToken}` },
      });
      if (profile.status !== 200) throw new Error(`profile answered ${profile.status}`);
      const [header, payload] = login.accessToken.split(".");
      return {
        login,
        profile: (await profile.json()) as UserProfile,
        header: decodePart(header),
        payload: decodePart(payload),
      };
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await running.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const algorithm = (process.argv.includes("--es256") ? "ES256" : "HS256") as JwtAlgorithm;
  const sample = await sampleToken(algorithm);
  const token = sample.login.accessToken;
  console.log(`Access token (${algorithm}, ${token.length} characters), split at the dots:\n`);
  console.log(token.split(".").join("\n."));
  console.log("\nHeader:\n" + JSON.stringify(sample.header));
  console.log("\nPayload:\n" + JSON.stringify(sample.payload, null, 2));
  console.log(`\nPOST ${apiPaths.login} answered:\n` + JSON.stringify(sample.login, null, 2));
  console.log(`\nGET ${apiPaths.profile} answered:\n` + JSON.stringify(sample.profile, null, 2));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((err: unknown) => {
    console.error(`doc:token failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}

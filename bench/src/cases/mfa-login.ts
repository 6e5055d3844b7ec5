import Database from "better-sqlite3";
import { apiPaths } from "@jwt-auth/shared";
import type autocannon from "autocannon";
import { Secret, TOTP } from "otpauth";
import { hashMfaToken, newMfaToken } from "@jwt-auth/api/mfa-token";
import { encryptSecret } from "@jwt-auth/api/secret-cipher";
import { BENCH_MFA_KEY_HEX, startApi } from "../api-server.js";
import type { ProfileSummary } from "../cpu-profile.js";
import type { CaseResult } from "../figure.js";
import { profiledApi } from "../profiled-api.js";
import { runLoad, type LoadResult } from "../load.js";
import { mintAccessTokens } from "../mint-tokens.js";
import type { BenchOptions } from "../options.js";
import { seededSqlite } from "../seed-users.js";
import type { ServerProcess } from "../server-process.js";
import { alternate, median, blockRatios, round } from "../stats.js";

const GOAL = 0.5;
/** One authenticator secret for every user: each still claims its own 30 s step. */
const SECRET = new Secret({ size: 20 }).base32;

/**
 * The second step of a login with TOTP on, `POST /api/auth/login/mfa` (no password hash in
 * it: an mfaToken, a code, a new session), against the protected route on the same API,
 * loaded in turns. Each user's code is accepted once per 30 s step, and each mfaToken once,
 * so the store is seeded with more users than the run sends requests, each with TOTP
 * enabled and an mfaToken of its own (written with the API's own hashing and encryption),
 * and every request is a different user.
 */
export async function mfaLogin(options: BenchOptions): Promise<CaseResult> {
  const t = options.timing.mfaLogin;
  const file = await seededSqlite(t.users);
  const users = seedSecondFactors(file);
  const api = await startApi({ name: "api", databaseUrl: `sqlite:${file}` });
  try {
    const [token] = mintAccessTokens([users[0]!]);
    let next = 1;
    const totp = new TOTP({
      secret: Secret.fromBase32(SECRET),
      algorithm: "SHA1",
      digits: 6,
      period: 30,
    });
    const mfaRequest: autocannon.Request = {
      method: "POST",
      path: apiPaths.loginMfa,
      headers: { "content-type": "application/json" },
      setupRequest: (request) => {
        const user = users[next++];
        if (!user) throw new Error(`more than ${t.users} second-factor logins: seed more users`);
        return {
          ...request,
          body: JSON.stringify({ mfaToken: user.mfaToken, code: totp.generate() }),
        };
      },
    };
    const trial =
      (server: ServerProcess, spec: Partial<Parameters<typeof runLoad>[0]>, seconds: number) =>
      async (): Promise<LoadResult> =>
        runLoad({
          url: server.url,
          durationSeconds: seconds,
          connections: t.connections,
          ...spec,
        });
    const mfa = { requests: [mfaRequest] };
    const protectedRoute = {
      url: `${api.url}${apiPaths.profile}`,
      headers: { authorization: `Bearer ${token}` },
    };
    await trial(api, mfa, 1)();
    await trial(api, protectedRoute, 1)();
    const results = await alternate(t.rounds, [
      { name: "mfa", run: trial(api, mfa, t.seconds) },
      { name: "profile", run: trial(api, protectedRoute, t.seconds) },
    ]);
    const rps = (name: string) => results.get(name)!.map((r) => r.rps);
    let profile: ProfileSummary | undefined;
    if (options.profile) {
      const fresh = await seededSqlite(t.users);
      const freshUsers = seedSecondFactors(fresh);
      let i = 0;
      profile = await profiledApi(
        `POST ${apiPaths.loginMfa}`,
        { databaseUrl: `sqlite:${fresh}` },
        (profiled) =>
          runLoad({
            url: profiled.url,
            durationSeconds: Math.max(3, t.seconds),
            connections: t.connections,
            requests: [
              {
                ...mfaRequest,
                setupRequest: (request) => ({
                  ...request,
                  body: JSON.stringify({
                    mfaToken: freshUsers[i++ % freshUsers.length]!.mfaToken,
                    code: totp.generate(),
                  }),
                }),
              },
            ],
          }),
      );
    }
    const ratio = round(median(blockRatios(rps("mfa"), rps("profile"))), 2);
    return {
      figures: [
        {
          name: "mfa-login",
          value: `${ratio.toFixed(2)} x the protected route (${median(rps("mfa")).toFixed(0)} vs ${median(rps("profile")).toFixed(0)} req/s; p99 ${median(results.get("mfa")!.map((r) => r.p99Ms)).toFixed(1)} ms), each a new session`,
          goal: `>= ${GOAL}`,
          ok: ratio >= GOAL,
        },
      ],
      details: {
        ratio,
        usersSeeded: t.users,
        used: next - 1,
        rounds: Object.fromEntries(results),
        ...(profile ? { profile } : {}),
      },
    };
  } finally {
    await api.stop();
  }
}

interface FactorUser {
  id: string;
  email: string;
  name: string;
  mfaToken: string;
}

/** TOTP enabled and one live mfaToken for every seeded user, written straight to the store. */
function seedSecondFactors(file: string): FactorUser[] {
  const key = Buffer.from(BENCH_MFA_KEY_HEX, "hex");
  const db = new Database(file);
  try {
    const rows = db.prepare("SELECT id, email, name FROM users ORDER BY email").all() as Array<{
      id: string;
      email: string;
      name: string;
    }>;
    const now = Date.now();
    const factor = db.prepare(
      "INSERT OR REPLACE INTO totp_factors (user_id, secret_enc, created_at, enabled_at, last_step) VALUES (?, ?, ?, ?, NULL)",
    );
    const mfaToken = db.prepare(
      "INSERT INTO mfa_tokens (token_hash, user_id, created_at, expires_at, attempts, used_at) VALUES (?, ?, ?, ?, 0, NULL)",
    );
    const users: FactorUser[] = [];
    db.transaction(() => {
      for (const row of rows) {
        const token = newMfaToken();
        factor.run(row.id, encryptSecret(key, row.id, SECRET), now, now);
        mfaToken.run(hashMfaToken(token), row.id, now, now + 60 * 60_000);
        users.push({ ...row, mfaToken: token });
      }
    })();
    return users;
  } finally {
    db.close();
  }
}

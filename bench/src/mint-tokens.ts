import { createSecretKey, randomUUID } from "node:crypto";
import { issueAccessToken } from "@jwt-auth/api/issue-access-token";
import { createKeyRing } from "@jwt-auth/api/key-ring";
import { BENCH_AUDIENCE, BENCH_ISSUER, BENCH_SECRET } from "./api-server.js";

export interface SeededUser {
  id: string;
  email: string;
  name: string;
  emailVerified?: boolean;
  /** The `roles` claim; `["user"]` when absent. */
  roles?: string[];
  /** A session of the user, so the token is one of that session's (`sid`); a made-up one when absent. */
  sessionId?: string | null;
}

/**
 * Access tokens for many stored users without logging each of them in (an argon2id hash
 * apiece): signed with the API's own code and the secret the benchmark gave the API, so
 * the API accepts them exactly as it accepts its own.
 */
export function mintAccessTokens(users: readonly SeededUser[]): string[] {
  const keys = createKeyRing("HS256", { privateKey: createSecretKey(Buffer.from(BENCH_SECRET)) });
  const settings = { issuer: BENCH_ISSUER, audience: BENCH_AUDIENCE, ttlSeconds: 15 * 60 };
  const now = Date.now();
  return users.map(
    (user) =>
      issueAccessToken(
        keys,
        settings,
        {
          id: user.id,
          email: user.email,
          name: user.name,
          emailVerified: user.emailVerified ?? false,
          roles: user.roles ?? ["user"],
        },
        user.sessionId ?? randomUUID(),
        { authTime: now, amr: ["pwd"] },
        now,
      ).token,
  );
}

import { apiPaths } from "@jwt-auth/shared";
import type autocannon from "autocannon";
import { BENCH_PASSWORD } from "./api-server.js";
import { passwordOnlyUser, seededEmail } from "./seed-users.js";

/**
 * One autocannon login request as a seeded user, the user's number picked per request
 * (a user with TOTP on gives way to its neighbour: every login here starts a session).
 */
export function seededLogin(
  pickUser: () => number,
  extra: Partial<autocannon.Request> = {},
): autocannon.Request {
  return {
    method: "POST",
    path: apiPaths.login,
    headers: { "content-type": "application/json" },
    setupRequest: (request) => ({
      ...request,
      body: JSON.stringify({
        email: seededEmail(passwordOnlyUser(pickUser())),
        password: BENCH_PASSWORD,
      }),
    }),
    ...extra,
  };
}

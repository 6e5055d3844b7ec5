import { apiPaths } from "@jwt-auth/shared";
import type autocannon from "autocannon";
import { BENCH_PASSWORD } from "./api-server.js";
import { seededEmail } from "./seed-users.js";

/** One autocannon login request as a seeded user, the user's number picked per request. */
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
      body: JSON.stringify({ email: seededEmail(pickUser()), password: BENCH_PASSWORD }),
    }),
    ...extra,
  };
}

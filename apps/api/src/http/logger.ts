import { pino, type Logger, type DestinationStream } from "pino";
import { accessLog } from "./access-log.js";
import { clientFamily } from "./client-family.js";
import { loggedRoute } from "./logged-route.js";

/**
 * Structured logs that can be shipped anywhere: no password, access token, refresh token
 * or cookie ever reaches them. Bodies and headers are never logged; the paths below are
 * redacted in case one ever is. Requests are logged by route pattern and client family
 * only (see httpLogger), because a client may put a secret anywhere in a URL or a header.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          "req.headers.authorization",
          "req.headers.cookie",
          'res.headers["set-cookie"]',
          "*.password",
          "*.currentPassword",
          "*.newPassword",
          "*.accessToken",
          "*.refreshToken",
          "*.token",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}

/**
 * The access log, described only by values from bounded sets: the route pattern the request
 * matched and the client's family name, never the raw path, query or User-Agent.
 */
export function httpLogger(logger: Logger) {
  return accessLog(logger, { route: loggedRoute, client: clientFamily });
}

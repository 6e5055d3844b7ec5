import { pino, type Logger, type DestinationStream } from "pino";
import { accessLog } from "./access-log.js";

/**
 * Structured logs that can be shipped anywhere: no password, access token, refresh token
 * or cookie ever reaches them. Requests are logged by path only, because a client may put
 * a token in a query string where it does not belong.
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

export function httpLogger(logger: Logger) {
  return accessLog(logger, {
    path: (url) => scrubTokens(pathOnly(url)),
    userAgent: (userAgent) => scrubTokens(userAgent),
  });
}

/**
 * Hides what looks like a token pasted where it does not belong: a JWT (three dot-separated
 * base64url parts) or a long opaque run (a refresh token is 43 characters). No path of the
 * API has either. Words are cut by a regex that cannot backtrack, then checked one by one,
 * so a hostile 16 kB User-Agent costs linear time.
 */
function scrubTokens<T extends string | undefined>(text: T): T {
  if (text === undefined) return text;
  return text.replace(/[A-Za-z0-9_.-]+/g, (word) =>
    looksLikeToken(word) ? "[redacted]" : word,
  ) as T;
}

function looksLikeToken(word: string): boolean {
  const parts = word.split(".");
  return (
    parts.some((part) => part.length >= 40) ||
    (parts.length === 3 && parts[0]!.length >= 8 && parts[1]!.length >= 8)
  );
}

function pathOnly(url: string | undefined): string {
  if (!url) return "";
  const q = url.indexOf("?");
  return q === -1 ? url : `${url.slice(0, q)}?[redacted]`;
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { pino, type Logger, type DestinationStream } from "pino";
import { pinoHttp } from "pino-http";

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
  return pinoHttp({
    logger,
    quietReqLogger: true,
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? "error" : "info"),
    serializers: {
      req: (req: IncomingMessage & { id?: unknown; raw?: IncomingMessage }) => ({
        id: req.id,
        method: req.method,
        path: pathOnly(req.url),
        userAgent: req.headers?.["user-agent"],
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
  });
}

function pathOnly(url: string | undefined): string {
  if (!url) return "";
  const q = url.indexOf("?");
  return q === -1 ? url : `${url.slice(0, q)}?[redacted]`;
}

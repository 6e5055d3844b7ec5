import type { DestinationStream } from "pino";

interface RequestLine {
  req?: { method?: string; route?: string; client?: string };
  res?: { statusCode?: number };
  responseTime?: number;
}

/**
 * Log lines for a person at a terminal: one coloured line each, a request as
 * `GET /api/user/profile 200 3 ms (Firefox on Linux)`. Only where the server decides a
 * person is reading (see server.ts); everywhere else the lines stay JSON, one per line,
 * for a log collector. Loaded only when used, so production never loads pino-pretty.
 */
export async function prettyDestination(): Promise<DestinationStream> {
  const { default: pretty } = await import("pino-pretty");
  return pretty({
    colorize: true,
    sync: true,
    translateTime: "HH:MM:ss.l",
    ignore: "pid,hostname,reqId,req,res,responseTime",
    messageFormat: (log, messageKey) => {
      const { req, res, responseTime } = log as RequestLine;
      const message = String(log[messageKey] ?? "");
      if (!req || !res) return message;
      return `${req.method} ${req.route} ${res.statusCode} ${responseTime} ms (${req.client})${message === "request completed" ? "" : ` ${message}`}`;
    },
  });
}

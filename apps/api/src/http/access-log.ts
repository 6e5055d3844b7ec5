import type { Request } from "express";
import type { Logger } from "pino";
import type { RequestObserver } from "./observe-requests.js";

declare module "http" {
  interface IncomingMessage {
    /** Sequence number of the request in this process, the `reqId` of its log lines. */
    id: number;
    /** A logger bound to this request's id (made the first time it is asked for). */
    log: Logger;
  }
}

/**
 * How a request is described in its log line. Neither gets the raw path or User-Agent into
 * it: each returns a value from a bounded set the code knows (a route pattern, a family
 * name), so a secret a client put there cannot be logged, whatever its shape.
 */
export interface RequestDescription {
  route(req: Request, statusCode: number): string;
  client(userAgent: string | undefined): string;
}

const REQUEST_LOGGER = Symbol("request logger");

/**
 * One line per request, written once its response is done (or the client gave up), in the
 * shape pino-http writes: `reqId`, `req` (id, method, route, client family), `res` (status),
 * `responseTime` in ms, at `error` level from status 500 up (without pino-http's `err`).
 *
 * Why not pino-http itself: on every request it builds two child loggers up front (each
 * serializing the request into its bindings), wraps the serializers and keeps per-request
 * arrays and three listeners. Measured with `npm run bench`, that cost about as much CPU as
 * everything else a protected request does besides Node's own HTTP work. Here a request
 * costs one log call, made from the listener every observer of requests shares
 * (observe-requests.ts); `req.log`, which the error handler uses, is a child logger made
 * only for the rare request that asks for it.
 */
export function accessLog(
  logger: Logger,
  describe: RequestDescription,
  /** Where the access lines go, when not `logger` (`req.log` always comes from `logger`). */
  lines: Logger = logger,
): RequestObserver {
  let lastId = 0;
  return {
    start(req) {
      lazyRequestLogger(Object.getPrototypeOf(req) as object, logger);
      req.id = ++lastId;
    },
    end(req, res, elapsedMs) {
      const statusCode = res.statusCode;
      const line = {
        reqId: req.id,
        req: {
          id: req.id,
          method: req.method,
          route: describe.route(req, statusCode),
          client: describe.client(req.headers["user-agent"]),
        },
        res: { statusCode },
        responseTime: Math.round(elapsedMs),
      };
      // No made-up Error here (pino-http logs one): its stack would only name this line,
      // and formatting it was the largest single cost of a storm of shed logins' 503s. A
      // real failure is logged with its own stack by the error handler.
      if (statusCode >= 500) lines.error(line, "request errored");
      else
        lines.info(
          line,
          !req.readableAborted && res.writableEnded ? "request completed" : "request aborted",
        );
    },
  };
}

/**
 * `req.log` as a getter on the app's request prototype (Express gives every request of an
 * app the same prototype), so no request pays for a logger it never uses.
 */
function lazyRequestLogger(prototype: object, logger: Logger): void {
  if (Object.hasOwn(prototype, "log")) return;
  Object.defineProperty(prototype, "log", {
    configurable: true,
    get(this: { id: number; [REQUEST_LOGGER]?: Logger }) {
      return (this[REQUEST_LOGGER] ??= logger.child({ reqId: this.id }));
    },
    set(this: { [REQUEST_LOGGER]?: Logger }, value: Logger) {
      this[REQUEST_LOGGER] = value;
    },
  });
}

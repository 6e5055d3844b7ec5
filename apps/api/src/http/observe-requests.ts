import type { Request, RequestHandler, Response } from "express";

/** Something told of every request: the access log, the request timer of the metrics. */
export interface RequestObserver {
  /** As the request comes in, before any route. */
  start?(req: Request): void;
  /**
   * Once its response is done or the client gave up (`res.writableFinished` tells which),
   * with the milliseconds since it came in.
   */
  end(req: Request, res: Response, elapsedMs: number): void;
}

/**
 * One middleware, one clock reading and one listener per request, whatever observes it, so
 * the access line's `responseTime` and the histogram's observation are the same measurement,
 * and a second observer costs a function call rather than another router layer, closure and
 * listener on every request. Undefined when nothing observes requests.
 */
export function observeRequests(
  observers: ReadonlyArray<RequestObserver | undefined>,
): RequestHandler | undefined {
  const present = observers.filter((o): o is RequestObserver => o !== undefined);
  if (present.length === 0) return undefined;
  return (req, res, next) => {
    const startedAt = performance.now();
    for (const observer of present) observer.start?.(req);
    // A response closes once: `on` spares the wrapper `once` would make.
    res.on("close", () => {
      const elapsedMs = performance.now() - startedAt;
      for (const observer of present) observer.end(req, res, elapsedMs);
    });
    next();
  };
}

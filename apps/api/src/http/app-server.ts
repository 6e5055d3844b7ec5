import http from "node:http";
import type { Express } from "express";

/**
 * The public HTTP server for an Express app, whose requests and responses are created with
 * the app's own prototypes (`app.request`, `app.response`) from the start.
 *
 * Express 5 gives every request and response those prototypes as it enters the app, with
 * `Object.setPrototypeOf`. V8 handles a prototype change on a live object badly: about 40 %
 * of the bytes a request allocates then outlive the young generation, so the old one fills
 * in a quarter of a second and a full collection runs four times a second under load. An
 * object created with the prototype already in place makes that change a no-op, and the
 * request's garbage dies young, as in a plain `node:http` server. docs/performance.md,
 * "Requests born with Express's prototypes", has the measurements.
 */
export function createAppServer(app: Express): http.Server {
  return http.createServer(
    {
      IncomingMessage: withPrototype(http.IncomingMessage, app.request),
      ServerResponse: withPrototype(http.ServerResponse, app.response),
    },
    app,
  );
}

/**
 * A constructor that builds what `base` builds, with `prototype` as its prototype. It calls
 * `base` on the new object, which Node's own `IncomingMessage` and `ServerResponse` allow
 * (they are functions, not classes). `Reflect.construct(base, args, Born)` would allow a class
 * too, but V8 takes a slow path for it that costs more than the prototype change it saves;
 * should Node ever make them classes, the server falls back to Node's own.
 */
function withPrototype<T extends typeof http.IncomingMessage | typeof http.ServerResponse>(
  base: T,
  prototype: object,
): T {
  if (Function.prototype.toString.call(base).startsWith("class")) return base;
  function Born(this: object, ...args: unknown[]): void {
    Reflect.apply(base, this, args);
  }
  Born.prototype = prototype;
  return Born as unknown as T;
}

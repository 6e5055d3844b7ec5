import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";

type Header = [name: string, value: string | number | readonly string[]];

/**
 * The headers `middleware` sets, worked out once at start-up and then set on every
 * response as a plain list. helmet runs a dozen middlewares per request and rebuilds the
 * Content-Security-Policy string each time; the answer is the same for every request, so
 * computing it once saves that work and changes nothing a client sees. If two dry runs
 * disagree (a per-request nonce, say), the headers are not fixed and `middleware` itself
 * keeps running on every request.
 */
export function fixedHeaders(middleware: RequestHandler): RequestHandler {
  const first = dryRun(middleware);
  const second = dryRun(middleware);
  if (!first || !second || JSON.stringify(first) !== JSON.stringify(second)) return middleware;
  const { set, removed } = first;
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}

/** What the middleware does to a response's headers, or undefined if it does more than that. */
function dryRun(middleware: RequestHandler): { set: Header[]; removed: string[] } | undefined {
  const set: Header[] = [];
  const removed: string[] = [];
  let called = false;
  const req = { method: "GET", url: "/", headers: {} } as IncomingMessage;
  const res = {
    setHeader(name: string, value: Header[1]) {
      set.push([name, value]);
      return res;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
    getHeader: () => undefined,
    locals: {},
  } as unknown as ServerResponse;
  try {
    middleware(
      req as Parameters<RequestHandler>[0],
      res as Parameters<RequestHandler>[1],
      (err?: unknown) => {
        called = err === undefined;
      },
    );
  } catch {
    return undefined;
  }
  return called ? { set, removed } : undefined;
}

import type { Request } from "express";

/** Where a request comes from, as services record it (activity, sessions). */
export interface RequestContext {
  /** The client address; behind a proxy only as far as TRUST_PROXY allows. */
  ip: string | null;
  userAgent: string | null;
}

export function requestContext(req: Request): RequestContext {
  return {
    ip: req.ip ?? null,
    userAgent: req.headers["user-agent"]?.slice(0, 256) ?? null,
  };
}

import type { Request } from "express";
import { FlowChecks } from "./flow-cookie.js";

/**
 * Gives openid-client's strategy the `req.session` it keeps its checks in (state, nonce,
 * PKCE verifier), without a session store: `initial` comes from the flow cookie at the
 * callback, and `save` writes the flow cookie when the strategy stores new checks on the
 * way out.
 */
export function useFlowSession(
  req: Request,
  save: (checks: FlowChecks) => void,
  initial?: FlowChecks,
): void {
  const session: Record<string, unknown> = {};
  Object.defineProperty(session, SESSION_KEY, {
    configurable: true,
    enumerable: true,
    get: () => initial,
    set: (checks: unknown) => save(FlowChecks.parse(checks)),
  });
  Object.assign(req, { session });
}

/** The `sessionKey` the strategies are created with. */
export const SESSION_KEY = "oidc";

import { OIDC_COOKIE_PATH } from "@jwt-auth/shared";
import type { CookieOptions, Request, Response } from "express";
import { z } from "zod";
import { createSealedBox, type SealedBox } from "./sealed-box.js";

/**
 * The app has no server-side session, so what a provider login must remember between the
 * redirect out and the callback (state, nonce, PKCE verifier, where the user was going,
 * and for a link the account asking) travels in a cookie: sealed (AES-256-GCM), HttpOnly,
 * SameSite=Lax (the callback is a top-level navigation back from the provider's site, which
 * Strict would strip), scoped to the OIDC routes, and dead after ten minutes or at the callback.
 * The state in the callback's query must equal the one in here: that binds the answer to
 * the browser that started the flow.
 */
export const FLOW_COOKIE = "oidc_flow";
export const FLOW_TTL_MS = 10 * 60_000;

/** A link asked for from the security page, waiting for the browser to start the flow. */
export const LINK_COOKIE = "oidc_link";
export const LINK_TTL_MS = 5 * 60_000;

export const FlowChecks = z.object({
  code_verifier: z.string(),
  nonce: z.string().optional(),
  state: z.string().optional(),
  max_age: z.number().optional(),
});
export type FlowChecks = z.infer<typeof FlowChecks>;

const FlowState = z.object({
  provider: z.string(),
  checks: FlowChecks,
  returnTo: z.string(),
  linkUserId: z.string().optional(),
  /** Step-up through the provider, for this session of this browser's refresh cookie. */
  reauth: z.object({ userId: z.string(), sessionId: z.string() }).optional(),
  expiresAt: z.number(),
});
export type FlowState = z.infer<typeof FlowState>;

const LinkIntent = z.object({ provider: z.string(), userId: z.string(), expiresAt: z.number() });
export type LinkIntent = z.infer<typeof LinkIntent>;

function options(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: "lax", path: OIDC_COOKIE_PATH, secure };
}

export function createFlowCookies(secret: Buffer, secure: boolean) {
  const boxes = {
    flow: createSealedBox(secret, "oidc-flow"),
    link: createSealedBox(secret, "oidc-link"),
  };
  const read = <T>(req: Request, name: string, box: SealedBox, schema: z.ZodType<T>) => {
    const raw = (req.cookies as Record<string, unknown> | undefined)?.[name];
    const parsed = schema.safeParse(box.open(raw));
    return parsed.success ? parsed.data : undefined;
  };
  return {
    writeFlow(res: Response, state: FlowState, now: number): void {
      res.cookie(FLOW_COOKIE, boxes.flow.seal(state), {
        ...options(secure),
        maxAge: Math.max(0, state.expiresAt - now),
      });
    },
    /** The flow of this browser for `provider`, if it is still live. */
    readFlow(req: Request, provider: string, now: number): FlowState | undefined {
      const state = read(req, FLOW_COOKIE, boxes.flow, FlowState);
      return state && state.provider === provider && state.expiresAt > now ? state : undefined;
    },
    clearFlow(res: Response): void {
      res.clearCookie(FLOW_COOKIE, options(secure));
    },
    writeLink(res: Response, intent: LinkIntent, now: number): void {
      res.cookie(LINK_COOKIE, boxes.link.seal(intent), {
        ...options(secure),
        maxAge: Math.max(0, intent.expiresAt - now),
      });
    },
    readLink(req: Request, provider: string, now: number): LinkIntent | undefined {
      const intent = read(req, LINK_COOKIE, boxes.link, LinkIntent);
      return intent && intent.provider === provider && intent.expiresAt > now ? intent : undefined;
    },
    clearLink(res: Response): void {
      res.clearCookie(LINK_COOKIE, options(secure));
    },
  };
}

export type FlowCookies = ReturnType<typeof createFlowCookies>;

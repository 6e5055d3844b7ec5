import {
  apiPaths,
  webPaths,
  OidcStartQuery,
  ProvidersResponse,
  oidcErrorCodes,
  type OidcErrorCode,
} from "@jwt-auth/shared";
import type { Response } from "express";
import type { Logger } from "pino";
import { z } from "zod";
import type { Authenticator } from "../auth/require-auth.js";
import { DomainError } from "../errors/domain-error.js";
import { requestContext } from "../http/request-context.js";
import type { Metrics } from "../metrics/metrics.js";
import { defineRoute, type Route } from "../http/route.js";
import { FLOW_COOKIE, FLOW_TTL_MS, type FlowCookies } from "../oidc/flow-cookie.js";
import {
  finishProviderLogin,
  type FinishProviderLoginDeps,
} from "../oidc/finish-provider-login.js";
import type { ProviderClaims } from "../oidc/oidc-strategy.js";
import type { ProviderRegistry } from "../oidc/provider-registry.js";
import { useFlowSession } from "../oidc/flow-session.js";
import { runStrategy } from "../oidc/run-strategy.js";
import { readRefreshCookie, setRefreshCookie } from "../sessions/refresh-cookie.js";
import type { SessionService } from "../sessions/session-service.js";
import type { Db } from "../store/db.js";

export interface OidcRouteDeps extends FinishProviderLoginDeps {
  db: Db;
  passport: Authenticator;
  providers: ProviderRegistry;
  flowCookies: FlowCookies;
  sessions: SessionService;
  appUrl: string;
  secureCookies: boolean;
  now: () => number;
  logger?: Logger | undefined;
  metrics?: Pick<Metrics, "login"> | undefined;
}

const ProviderParams = z.object({ provider: z.string().min(1).max(64) });

/**
 * Login through an OpenID Connect provider: the list of providers for the login page, the
 * redirect out (authorization code + PKCE S256, state and nonce, through openid-client's
 * Passport strategy) and the callback. The callback never answers with JSON or a token:
 * it sets the refresh cookie and sends the browser to the SPA, which gets its access token
 * by the normal refresh; a failure sends it to the login page with `?error=<code>`.
 */
export function oidcRoutes(deps: OidcRouteDeps): Route[] {
  const toApp = (res: Response, path: string, query: Record<string, string>) => {
    const url = new URL(path, deps.appUrl);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    res.redirect(302, url.href);
  };
  // A link or a step-up started on the security page goes back there; a login to the login page.
  const failure = (res: Response, code: OidcErrorCode, fromSecurityPage: boolean) => {
    // A refused lock is counted by the one way in; other failures of a login here.
    if (!fromSecurityPage && code !== "account_locked") deps.metrics?.login("oidc", "failure");
    toApp(res, fromSecurityPage ? webPaths.security : webPaths.login, { error: code });
  };

  return [
    defineRoute({
      method: "get",
      path: apiPaths.providers,
      operationId: "listProviders",
      tag: "auth",
      summary: "The OpenID Connect providers one can log in with",
      description: "Drives the login page's `Continue with <name>` buttons.",
      auth: "none",
      responses: { 200: { description: "The configured providers", body: ProvidersResponse } },
      handler: ({ res }) => {
        res.json({ providers: deps.providers.list().map(({ id, name }) => ({ id, name })) });
      },
    }),

    defineRoute({
      method: "get",
      path: apiPaths.oidcStart,
      operationId: "startOidcLogin",
      tag: "auth",
      summary: "Leave for the provider's login page",
      description:
        "Redirects to the provider's authorization endpoint (authorization code with PKCE S256, `state` and `nonce`) and sets the flow cookie (HttpOnly, SameSite=Lax, 10 minutes). `returnTo` is where the SPA goes after the login. While the provider's discovery has not succeeded, redirects to `APP_URL/login?error=oidc_failed`.",
      auth: "none",
      params: ProviderParams,
      query: OidcStartQuery,
      responses: {
        302: { description: "To the provider, or back to the login page with `?error=`" },
        404: { description: "No such provider", problems: ["not_found"] },
      },
      handler: async ({ req, res, params, query }) => {
        const provider = deps.providers.get(params.provider);
        if (!provider) throw new DomainError("not_found");
        const now = deps.now();
        let linkUserId: string | undefined;
        if (query.intent === "link") {
          // Only a link asked for from this browser by a fresh login (POST /api/user/identities).
          linkUserId = deps.flowCookies.readLink(req, provider.id, now)?.userId;
          deps.flowCookies.clearLink(res);
          if (!linkUserId) return failure(res, "oidc_failed", true);
        }
        let reauth: { userId: string; sessionId: string } | undefined;
        if (query.intent === "reauthenticate") {
          // Step-up for the session this browser holds (its refresh cookie reaches this path).
          reauth = await deps.sessions.currentSessionOf(readRefreshCookie(req));
          if (!reauth) return failure(res, "oidc_failed", true);
        }
        const fromSecurityPage = linkUserId !== undefined || reauth !== undefined;
        if (!provider.strategy) return failure(res, "oidc_failed", fromSecurityPage);

        const returnTo =
          query.returnTo ?? (fromSecurityPage ? webPaths.security : webPaths.profile);
        useFlowSession(req, (checks) =>
          deps.flowCookies.writeFlow(
            res,
            {
              provider: provider.id,
              checks,
              returnTo,
              linkUserId,
              reauth,
              expiresAt: now + FLOW_TTL_MS,
            },
            now,
          ),
        );
        const outcome = await runStrategy(deps.passport, provider.strategy, req, res);
        if (outcome.kind !== "redirected") {
          deps.logger?.warn({ provider: provider.id, outcome: outcome.kind }, "OIDC start failed");
          if (!res.headersSent) failure(res, "oidc_failed", fromSecurityPage);
        }
      },
    }),

    defineRoute({
      method: "get",
      path: apiPaths.oidcCallback,
      operationId: "finishOidcLogin",
      tag: "auth",
      summary: "The provider's answer",
      description:
        "Needs the flow cookie of the browser that started the login: its `state` must equal the query's, the ID token's `nonce` its nonce, and the code is redeemed with its PKCE verifier. On success sets the refresh cookie (a session with `amr: [\"fed\"]`) and redirects to `APP_URL/auth/callback`; on failure to `APP_URL/login?error=<code>` (`oidc_failed`, `oidc_cancelled`, `oidc_email_conflict`); a link fails to `APP_URL/security?error=<code>`, with `oidc_identity_taken` when the identity belongs to another account. The flow cookie is deleted either way.",
      auth: "none",
      params: ProviderParams,
      responses: {
        302: { description: "To the SPA, signed in, or back to the login page with `?error=`" },
      },
      handler: async ({ req, res, params }) => {
        const now = deps.now();
        const flow = deps.flowCookies.readFlow(req, params.provider, now);
        deps.flowCookies.clearFlow(res);
        const linking = flow?.linkUserId !== undefined || flow?.reauth !== undefined;
        const provider = deps.providers.get(params.provider);
        if (req.query.error === "access_denied") return failure(res, "oidc_cancelled", linking);
        if (!flow || !provider?.strategy) {
          // Which part was missing: a browser that lost or never kept the flow cookie looks
          // like this, and so does a callback opened twice.
          deps.logger?.warn(
            {
              provider: params.provider,
              flowCookie: req.cookies?.[FLOW_COOKIE] === undefined ? "absent" : "not live",
              strategy: provider?.strategy !== undefined,
            },
            "OIDC callback without a live flow",
          );
          return failure(res, "oidc_failed", linking);
        }

        useFlowSession(req, () => undefined, flow.checks);
        const outcome = await runStrategy(deps.passport, provider.strategy, req, res);
        if (outcome.kind !== "success") {
          deps.logger?.warn(
            { provider: provider.id, outcome: outcome.kind, err: errorOf(outcome) },
            "OIDC callback refused",
          );
          // A strategy that answered by itself (a redirect back to the provider) has the
          // response: a second answer would fail on its headers.
          if (res.headersSent) return;
          return failure(res, "oidc_failed", linking);
        }
        const claims = outcome.user as unknown as ProviderClaims;
        try {
          const finished = await finishProviderLogin(deps, flow, claims, requestContext(req));
          if (finished.kind === "second_factor") {
            // TOTP on: no session yet. The code step finishes it (POST /api/auth/login/mfa);
            // the token rides in the fragment, which never reaches a server log.
            const url = new URL(webPaths.authCallback, deps.appUrl);
            url.searchParams.set("returnTo", flow.returnTo);
            url.hash = new URLSearchParams({ mfaToken: finished.challenge.mfaToken }).toString();
            return res.redirect(302, url.href);
          }
          if (finished.kind === "session") {
            const { refreshToken, refreshExpiresAt } = finished.issued;
            setRefreshCookie(res, refreshToken, refreshExpiresAt, deps.secureCookies, now);
          }
        } catch (err) {
          if (err instanceof DomainError && isOidcError(err.code)) {
            deps.logger?.info({ provider: provider.id, code: err.code }, "OIDC login refused");
            return failure(res, err.code, linking);
          }
          throw err;
        }
        toApp(res, webPaths.authCallback, { returnTo: flow.returnTo });
      },
    }),
  ];
}

function isOidcError(code: string): code is OidcErrorCode {
  return (oidcErrorCodes as readonly string[]).includes(code);
}

function errorOf(outcome: { kind: string; error?: unknown; info?: unknown }): unknown {
  return outcome.kind === "error" ? outcome.error : outcome.info;
}

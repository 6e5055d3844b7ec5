import cookieParser from "cookie-parser";
import express, { type Express, type RequestHandler } from "express";
import { apiPaths } from "@jwt-auth/shared";
import type { Logger } from "pino";
import { Passport } from "passport";
import { createJwtStrategy } from "./auth/jwt-strategy.js";
import type { KeyRing } from "./auth/key-ring.js";
import { createLocalStrategy } from "./auth/local-strategy.js";
import type { PasswordHasher } from "./auth/password-hasher.js";
import { createOptionalAuth, createRequireAuth } from "./auth/require-auth.js";
import type { Config } from "./config/env.js";
import { errorHandler, notFound } from "./http/error-handler.js";
import { httpLogger } from "./http/logger.js";
import { sameOrigin } from "./http/same-origin.js";
import { createRateLimiters, type RateLimitOptions } from "./http/rate-limits.js";
import { securityHeaders } from "./http/security-headers.js";
import { openApiRoutes } from "./openapi/openapi-routes.js";
import { authRoutes } from "./routes/auth-routes.js";
import { healthRoutes } from "./routes/health-routes.js";
import { jwksRoutes } from "./routes/jwks-routes.js";
import { userRoutes } from "./routes/user-routes.js";
import type { RevocationFeed } from "./sessions/revocation-feed.js";
import type { RevocationList } from "./sessions/revocation-list.js";
import { rotationKeyFrom } from "./sessions/rotation-key.js";
import { createSessionService } from "./sessions/session-service.js";
import { serveSpa } from "./spa/serve-spa.js";
import { ping, type DatabaseHandle } from "./store/database.js";
import { createSessionStore } from "./store/session-store.js";
import { createUserStore } from "./store/user-store.js";

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  keys: KeyRing;
  hasher: PasswordHasher;
  revocations: RevocationList;
  feed: RevocationFeed;
  now: () => number;
  logger?: Logger;
  rateLimits?: Omit<RateLimitOptions, "enabled">;
  /** Extra routers mounted before the 404 handler (API reference, SPA). */
  extraRoutes?: RequestHandler[];
}

/**
 * Builds the Express app from its dependencies and nothing else: no port, no environment,
 * no globals (each app gets its own Passport instance), so tests build as many as they
 * like, each on its own temp database.
 */
export function createApp(deps: AppDeps): Express {
  const { config, database, keys, now } = deps;
  const users = createUserStore(database.db);
  const sessionStore = createSessionStore(database.db);
  const tokens = {
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    ttlSeconds: config.accessTokenTtlSeconds,
  };
  const sessions = createSessionService({
    sessions: sessionStore,
    revocations: deps.revocations,
    feed: deps.feed,
    keys,
    rotationKey: rotationKeyFrom(keys),
    tokens,
    refreshTtlSeconds: config.refreshTokenTtlSeconds,
    reuseGraceSeconds: config.refreshReuseGraceSeconds,
    now,
  });

  const passport = new Passport();
  passport.use("local", createLocalStrategy(users, deps.hasher));
  passport.use(
    "jwt",
    createJwtStrategy({
      keys,
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      clockToleranceSeconds: config.jwt.clockToleranceSeconds,
      revocations: deps.revocations,
      now,
    }),
  );
  const requireAuth = createRequireAuth(passport);
  const optionalAuth = createOptionalAuth(passport);
  const limits = createRateLimiters({ enabled: config.rateLimit, ...deps.rateLimits });

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  app.set("etag", false);
  if (deps.logger) app.use(httpLogger(deps.logger));
  app.use(securityHeaders({ production: config.env === "production" }));

  // The protected routes first: they take most of the traffic, and every router a request
  // passes on its way costs it time (see docs/performance.md).
  app.use(
    userRoutes({
      users,
      sessions,
      hasher: deps.hasher,
      requireAuth,
      passwordAttempts: [limits.loginByIp, limits.passwordBySession],
      now,
    }),
  );
  app.use(healthRoutes(() => ping(database.db)));
  app.use("/api/auth", cookieParser());
  // The routes a cookie alone authenticates: see same-origin.ts.
  app.use([apiPaths.refresh, apiPaths.logout], sameOrigin);
  app.use(
    authRoutes({
      passport,
      users,
      sessions,
      hasher: deps.hasher,
      limits,
      requireAuth,
      optionalAuth,
      secureCookies: config.secureCookies,
      now,
    }),
  );
  app.use(jwksRoutes(keys));
  app.use(openApiRoutes());
  for (const route of deps.extraRoutes ?? []) app.use(route);
  const spa = serveSpa(config.webDistDir);
  if (spa) app.use(spa);

  app.use(notFound);
  app.use(errorHandler);
  return app;
}

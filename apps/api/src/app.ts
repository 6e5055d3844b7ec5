import { REFRESH_COOKIE_PATH } from "@jwt-auth/shared";
import cookieParser from "cookie-parser";
import express, { type Express, type RequestHandler } from "express";
import type { Logger } from "pino";
import { Passport } from "passport";
import { createJwtStrategy } from "./auth/jwt-strategy.js";
import type { KeyRing } from "./auth/key-ring.js";
import { createLocalStrategy } from "./auth/local-strategy.js";
import type { PasswordHasher } from "./auth/password-hasher.js";
import { createOptionalAuth, createRequireAuth } from "./auth/require-auth.js";
import { createAssertFresh, createRequireFresh } from "./auth/require-fresh.js";
import { requireRole } from "./auth/require-role.js";
import { provideEmailVerifiedCheck } from "./auth/require-verified-email.js";
import { assertNotLocked } from "./auth/account-lock.js";
import { createAdminService, type AdminService } from "./admin/admin-service.js";
import { adminRoutes } from "./routes/admin-routes.js";
import { shedWhenHashingIsFull } from "./auth/shed-when-busy.js";
import { keepPassportOffTheRequest } from "./auth/passport-request.js";
import type { Config } from "./config/env.js";
import { errorHandler, notFound } from "./http/error-handler.js";
import { checkPathAndQuery } from "./http/input-boundary.js";
import { httpLogger } from "./http/logger.js";
import { observeRequests } from "./http/observe-requests.js";
import { noMetrics, type Metrics } from "./metrics/metrics.js";
import { sameOrigin } from "./http/same-origin.js";
import { createRateLimiters, type RateLimitOptions } from "./http/rate-limits.js";
import { securityHeaders } from "./http/security-headers.js";
import { mountRoutes, type Guards } from "./http/mount-routes.js";
import type { Route } from "./http/route.js";
import { docsAssetRoutes } from "./openapi/docs-assets.js";
import type { AccountDeps } from "./accounts/account-deps.js";
import { sendVerificationOnce } from "./accounts/verify-email.js";
import { accountRoutes } from "./routes/account-routes.js";
import { listIdentities } from "./oidc/list-identities.js";
import { createMfaFeature } from "./mfa-feature.js";
import { authRoutes } from "./routes/auth-routes.js";
import { devMailboxRoutes } from "./routes/dev-mailbox-routes.js";
import { metaRoutes } from "./routes/meta-routes.js";
import { securityRoutes } from "./routes/security-routes.js";
import { userRoutes } from "./routes/user-routes.js";
import { createSecurityService } from "./security/security-service.js";
import { createSignIn } from "./sessions/sign-in.js";
import { createCredentialEvents } from "./credentials/credential-events.js";
import { outboxSealKeyFrom } from "./mail/mail-context.js";
import { mfaKeyFrom } from "./mfa/mfa-key.js";
import type { RevocationFeed } from "./store/revocation-feed.js";
import type { RevocationList } from "./sessions/revocation-list.js";
import { rotationKeyFrom } from "./sessions/rotation-key.js";
import { createSessionService } from "./sessions/session-service.js";
import { serveSpa } from "./spa/serve-spa.js";
import { ping, type DatabaseHandle } from "./store/database.js";
import { createLinkTokenStore } from "./store/link-token-store.js";
import { createOutboxStore } from "./store/outbox-store.js";
import { recordActivity } from "./store/activity-store.js";
import { createSessionStore } from "./store/session-store.js";
import { createUserStore } from "./store/user-store.js";
import { createUserService } from "./users/user-service.js";
import { createFlowCookies } from "./oidc/flow-cookie.js";
import { flowSecretFrom } from "./oidc/flow-secret.js";
import { createProviderRegistry, type ProviderRegistry } from "./oidc/provider-registry.js";
import { identityRoutes } from "./routes/identity-routes.js";
import { oidcRoutes } from "./routes/oidc-routes.js";

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  keys: KeyRing;
  hasher: PasswordHasher;
  revocations: RevocationList;
  feed: RevocationFeed;
  now: () => number;
  logger?: Logger;
  rateLimits?: Omit<RateLimitOptions, "enabled" | "now">;
  /** The configured OpenID Connect providers, discovered at start-up (bootstrap.ts). */
  identityProviders?: ProviderRegistry;
  /** Extra routers mounted before the 404 handler (API reference, SPA). */
  extraRoutes?: RequestHandler[];
  /** What the management listener exposes; nothing is recorded without it. */
  metrics?: Metrics;
}

/**
 * Builds the Express app from its dependencies and nothing else: no port, no environment,
 * no globals (each app gets its own Passport instance), so tests build as many as they
 * like, each on its own temp database.
 */
export function createApp(deps: AppDeps): Express {
  const { config, database, keys, now } = deps;
  const metrics = deps.metrics ?? noMetrics;
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
    metrics,
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
      isRevoked: (sessionId) => deps.revocations.isRevoked(sessionId),
      claimsLostRole: (userId, roles) => deps.revocations.claimsLostRole(userId, roles),
      now,
    }),
  );
  const requireAuth = createRequireAuth(passport);
  const optionalAuth = createOptionalAuth(passport);
  const limits = createRateLimiters({ enabled: config.rateLimit, now, ...deps.rateLimits });
  const mail = {
    appName: config.appName,
    sealKey: outboxSealKeyFrom(mfaKeyFrom(config.mfaEncryptionKey, keys)),
  };
  // The one path for credential events (credentials/credential-rules.ts has the table).
  const credentials = createCredentialEvents({
    db: database.db,
    dialect: database.dialect,
    sessions,
    mail,
    now,
  });
  const accounts: AccountDeps = {
    db: database.db,
    linkTokens: createLinkTokenStore(),
    sessions,
    credentials,
    mail,
    hasher: deps.hasher,
    config,
    now,
    ...(deps.logger ? { logger: deps.logger } : {}),
  };
  const userService = createUserService({
    users,
    sessions,
    credentials,
    hasher: deps.hasher,
    now,
    appName: config.appName,
    afterRegister: (user) => sendVerificationOnce(accounts, user),
  });
  const mfa = createMfaFeature({
    config,
    database,
    keys,
    passport,
    users,
    credentials,
    signIn: () => signIn,
    limits,
    now,
    metrics,
  });
  // The one way in: every login, whatever proved it, ends here (auth/sign-in.ts).
  const signIn = createSignIn({
    sessions,
    secondFactor: mfa.secondFactor,
    onOutcome: (method, result) => metrics.login(method, result),
    // A lock refuses every way in, the second step included (auth/account-lock.ts).
    admit: async (user) => assertNotLocked(user, now()),
  });
  const identityProviders =
    deps.identityProviders ?? createProviderRegistry({ providers: [], appUrl: config.appUrl });
  const flowCookies = createFlowCookies(flowSecretFrom(config, keys), config.secureCookies);
  const security = createSecurityService({
    db: database.db,
    sessions,
    credentials,
    hasher: deps.hasher,
    existing: userService.existing,
    appName: config.appName,
    factors: mfa.stepUp,
    exportSections: [
      mfa.exportSection,
      async (userId) => ({
        identities: await listIdentities(database.db, userId, identityProviders.idOfIssuer),
      }),
    ],
    now,
  });

  const admin = createAdminService({
    db: database.db,
    dialect: database.dialect,
    sessions,
    credentials,
    accounts,
    providerIdOf: identityProviders.idOfIssuer,
    now,
  });

  const guards: Guards = {
    none: [],
    bearer: [requireAuth],
    fresh: [requireAuth, createRequireFresh(config.reauthMaxAgeSeconds, now)],
    // The routes a cookie alone authenticates refuse other sites' pages: see same-origin.ts.
    "optional-bearer": [sameOrigin, optionalAuth],
    "refresh-cookie": [sameOrigin],
  };
  // Every route of the API, declared once (http/route.ts). The protected routes come first:
  // they take most of the traffic, and every route a request is matched against costs it
  // time (see docs/performance.md).
  const routes: Route[] = [
    ...userRoutes({
      users: userService,
      passwordAttempts: [limits.loginByIp, limits.passwordBySession],
      assertFresh: createAssertFresh(config.reauthMaxAgeSeconds, now),
    }),
    ...mfa.userRoutes(),
    ...authRoutes({
      passport,
      users: userService,
      sessions,
      limits,
      shedWhenBusy: shedWhenHashingIsFull(deps.hasher),
      secureCookies: config.secureCookies,
      now,
      signIn,
      credentials,
      metrics,
      onLoginFailed: (userId, context) =>
        recordActivity(database.db, { userId, type: "login_failed", at: now(), ...context }),
    }),
    ...mfa.authRoutes(),
    ...securityRoutes({
      security,
      reauthAttempts: [limits.loginByIp, limits.passwordBySession],
    }),
    ...accountRoutes({
      accounts,
      mailLimit: limits.mail,
      mailByRecipient: limits.mailByRecipient,
    }),
    ...(config.devMailbox
      ? devMailboxRoutes({
          outbox: createOutboxStore(database.db, database.dialect),
          sealKey: mail.sealKey,
        })
      : []),
    ...identityRoutes({
      db: database.db,
      providers: identityProviders,
      flowCookies,
      credentials,
      now,
    }),
    ...oidcRoutes({
      db: database.db,
      passport,
      providers: identityProviders,
      flowCookies,
      sessions,
      credentials,
      signIn,
      totpEnabled: mfa.stepUp.totpEnabled,
      appUrl: config.appUrl,
      secureCookies: config.secureCookies,
      now,
      logger: deps.logger,
      metrics,
    }),
    ...adminRoutes({ admin }),
    ...metaRoutes({ ping: () => ping(database.db), keys, routes: () => routes }),
  ];

  const app = express();
  keepPassportOffTheRequest(app.request, passport);
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  app.set("etag", false);
  // First, so a request's time includes everything the app does for it.
  const observe = observeRequests([
    metrics.timeRequests,
    deps.logger ? httpLogger(deps.logger) : undefined,
  ]);
  if (observe) app.use(observe);
  app.use(securityHeaders({ production: config.env === "production" }));

  // Malformed paths and queries are refused before any route, guard or limit (the bodies,
  // once parsed: json-body.ts).
  app.use(checkPathAndQuery);
  app.use(REFRESH_COOKIE_PATH, cookieParser());
  mountRoutes(app, routes, guards, requireRole);
  app.use(docsAssetRoutes());
  for (const route of deps.extraRoutes ?? []) app.use(route);
  const spa = serveSpa(config.webDistDir);
  if (spa) app.use(spa);

  app.use(notFound);
  app.use(errorHandler);
  app.locals.routes = routes;
  app.locals.requireAuth = requireAuth;
  app.locals.admin = admin;
  provideEmailVerifiedCheck(
    app.locals,
    async (id) => (await users.findById(id))?.email_verified_at != null,
  );
  return app;
}

/**
 * The app's own bearer guard (its Passport instance, passport-jwt strategy, verified-token
 * cache and revocation list), for routes an app built on this one adds through `extraRoutes`.
 */
export function requireAuthOf(app: Express): RequestHandler {
  return app.locals.requireAuth as RequestHandler;
}

export { requireRole };

/** The administration service of an app: what `npm run admin` (cli/admin.ts) drives. */
export function adminServiceOf(app: Express): AdminService {
  return app.locals.admin as AdminService;
}

/** The routes an app was built with: what its OpenAPI document describes. */
export function declaredRoutes(app: Express): readonly Route[] {
  return app.locals.routes as readonly Route[];
}

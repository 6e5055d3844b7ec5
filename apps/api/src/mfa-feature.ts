import type { MfaRequiredResponse } from "@jwt-auth/shared";
import type { RequestHandler } from "express";
import { createMfaStrategy } from "./auth/mfa-strategy.js";
import { createPasskeyStrategy } from "./auth/passkey-strategy.js";
import type { KeyRing } from "./auth/key-ring.js";
import type { Authenticator } from "./auth/require-auth.js";
import type { Config } from "./config/env.js";
import type { CredentialEvents } from "./credentials/credential-events.js";
import type { FirstFactor, SignIn } from "./sessions/sign-in.js";
import type { RequestContext } from "./http/request-context.js";
import type { Route } from "./http/route.js";
import { createPasskeyLogin } from "./passkeys/passkey-login.js";
import { createPasskeyRegistration } from "./passkeys/passkey-registration.js";
import { toPasskeySummary } from "./passkeys/passkey-summary.js";
import { relyingPartyOf } from "./passkeys/relying-party.js";
import { factorLoginRoutes } from "./routes/factor-login-routes.js";
import { mfaRoutes } from "./routes/mfa-routes.js";
import { passkeyRoutes } from "./routes/passkey-routes.js";
import { createBackupCodeStore } from "./store/backup-code-store.js";
import type { DatabaseHandle } from "./store/database.js";
import { createMfaTokenStore } from "./store/mfa-token-store.js";
import { createPasskeyStore } from "./store/passkey-store.js";
import { createTotpStore } from "./store/totp-store.js";
import type { UserStore } from "./store/user-store.js";
import { createWebauthnChallengeStore } from "./store/webauthn-challenge-store.js";
import { createMfaLogin } from "./mfa/mfa-login.js";
import { mfaKeyFrom } from "./mfa/mfa-key.js";
import { createMfaService } from "./mfa/mfa-service.js";
import type { Metrics } from "./metrics/metrics.js";

export interface MfaFeatureDeps {
  config: Config;
  database: DatabaseHandle;
  keys: KeyRing;
  passport: Authenticator;
  users: UserStore;
  credentials: CredentialEvents;
  /** The one way in (auth/sign-in.ts), which the code step and passkey logins end in. */
  signIn: () => SignIn;
  limits: {
    /** Failed logins per client address (the password login's budget). */
    loginByIp: RequestHandler;
    /** Wrong codes per account, keyed by `res.locals.mfaUserId`. */
    mfaByAccount: RequestHandler;
    passkeyOptions: RequestHandler;
  };
  now: () => number;
  metrics?: Pick<Metrics, "login">;
}

/**
 * TOTP and passkeys, wired once: their stores and services, their two Passport strategies
 * (registered on the app's Passport instance), their routes, and the hooks the password
 * login and the re-authentication use. Part of the composition with app.ts, so that routes/
 * only declares routes from the services it is handed.
 */
export function createMfaFeature(deps: MfaFeatureDeps) {
  const { db } = deps.database;
  const { now } = deps;
  const key = mfaKeyFrom(deps.config.mfaEncryptionKey, deps.keys);
  const totp = createTotpStore(db);
  const backupCodes = createBackupCodeStore(db);
  const passkeys = createPasskeyStore(db);
  const challenges = createWebauthnChallengeStore(db);
  const rp = relyingPartyOf(deps.config.appUrl, deps.config.appName);

  const mfa = createMfaService({
    db,
    totp,
    backupCodes,
    users: deps.users,
    credentials: deps.credentials,
    key,
    appName: deps.config.appName,
    now,
  });
  const mfaLogin = createMfaLogin({
    db,
    totp,
    backupCodes,
    mfaTokens: createMfaTokenStore(db),
    key,
    now,
  });
  const registration = createPasskeyRegistration({
    db,
    passkeys,
    challenges,
    users: deps.users,
    credentials: deps.credentials,
    rp,
    appName: deps.config.appName,
    now,
  });
  const passkeyLogin = createPasskeyLogin({ passkeys, challenges, rp, now });

  // The per-account budget of the second step needs the account: the mfaToken's user.
  const recognizeAccount: RequestHandler = (req, res, next) => {
    mfaLogin.userOf((req.body as { mfaToken?: unknown }).mfaToken).then((userId) => {
      if (userId) res.locals.mfaUserId = userId;
      next();
    }, next);
  };

  deps.passport.use("mfa", createMfaStrategy(mfaLogin.complete));
  deps.passport.use("passkey", createPasskeyStrategy(passkeyLogin.verify));

  return {
    userRoutes: (): Route[] => [
      ...mfaRoutes({ mfa, passkeys }),
      ...passkeyRoutes({ db, passkeys, registration, credentials: deps.credentials, now }),
    ],
    authRoutes: (): Route[] =>
      factorLoginRoutes({
        passport: deps.passport,
        users: deps.users,
        signIn: deps.signIn(),
        passkeyLogin,
        limits: {
          mfa: [deps.limits.loginByIp, recognizeAccount, deps.limits.mfaByAccount],
          passkeyOptions: [deps.limits.passkeyOptions],
          passkey: [deps.limits.loginByIp],
        },
        secureCookies: deps.config.secureCookies,
        now,
        metrics: deps.metrics,
      }),

    /** The second-factor policy's half for the one way in (auth/sign-in.ts). */
    secondFactor: {
      isRequired: (userId: string) => mfa.isEnabled(userId),
      async begin(userId: string, firstFactor: FirstFactor): Promise<MfaRequiredResponse> {
        const { mfaToken, expiresIn } = await mfaLogin.begin(userId, firstFactor);
        return { mfaRequired: true, mfaToken, methods: ["totp", "backup_code"], expiresIn };
      },
    },

    /** What step-up may ask for (security/reauthenticate.ts): a code, or a passkey. */
    stepUp: {
      totpEnabled: (userId: string) => mfa.isEnabled(userId),
      verifyCode: (userId: string, code: string, ctx: RequestContext) =>
        mfa.verifySecondFactor(userId, code, ctx),
      verifyPasskey: (challengeId: string, response: unknown) =>
        passkeyLogin.verify(challengeId, response),
    },

    /** This feature's part of GET /api/user/export: whether TOTP is on, and the passkeys. */
    async exportSection(userId: string) {
      const [status, list] = await Promise.all([mfa.status(userId), passkeys.listOf(userId)]);
      return { mfa: status, passkeys: list.map(toPasskeySummary) };
    },
  };
}

export type MfaFeature = ReturnType<typeof createMfaFeature>;

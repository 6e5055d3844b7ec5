import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/env.js";
import { parseDuration } from "../../src/config/duration.js";

describe("parseDuration", () => {
  it.each([
    ["30s", 30],
    ["15m", 900],
    ["1h", 3600],
    ["7d", 604_800],
  ])("when given %s, then it is %i seconds", (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(["", "15", "m", "1.5h", "-5s", "15 minutes", "1w"])(
    "when given %j, then it is not a duration",
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe("loadConfig", () => {
  it("when only NODE_ENV=development is set, then the documented defaults apply", () => {
    const config = loadConfig({ NODE_ENV: "development" });
    expect(config).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 604_800,
      refreshReuseGraceSeconds: 5,
      rateLimit: true,
      logLevel: "info",
      secureCookies: false,
    });
    expect(config.databaseUrl).toMatch(/^sqlite:.*apps\/api\/data\/app\.db$/);
    expect(config.jwt.algorithm).toBe("HS256");
  });

  it.each([
    [{ ACCESS_TOKEN_TTL: "soon" }, /^ACCESS_TOKEN_TTL /],
    [{ REFRESH_TOKEN_TTL: "7 days" }, /^REFRESH_TOKEN_TTL /],
    [{ REFRESH_REUSE_GRACE: "5 s" }, /^REFRESH_REUSE_GRACE /],
    [{ JWT_ALGORITHM: "none" }, /^JWT_ALGORITHM /],
    [{ JWT_ALGORITHM: "HS512" }, /^JWT_ALGORITHM /],
    [{ DATABASE_URL: "mysql://localhost/db" }, /^DATABASE_URL /],
    [{ DATABASE_URL: "postgres://" }, /^DATABASE_URL /],
    [{ PORT: "eighty" }, /^PORT /],
    [{ RATE_LIMIT: "maybe" }, /^RATE_LIMIT /],
    [{ LOG_LEVEL: "loud" }, /^LOG_LEVEL /],
    [{ JWT_CLOCK_TOLERANCE: "5m" }, /^JWT_CLOCK_TOLERANCE /],
    [{ JWT_SECRET: "too-short" }, /^JWT_SECRET /],
    [{ MANAGEMENT_PORT: "metrics" }, /^MANAGEMENT_PORT must be a port number/],
    [{ MANAGEMENT_PORT: "70000" }, /^MANAGEMENT_PORT must be a port number/],
    [{ MANAGEMENT_PORT: "3000", PORT: "3000" }, /^MANAGEMENT_PORT must differ from PORT/],
    [{ MANAGEMENT_PORT: "9464", MANAGEMENT_HOST: "not a host!" }, /^MANAGEMENT_HOST /],
    [{ SHUTDOWN_DELAY: "2m" }, /^SHUTDOWN_DELAY /],
  ])("when %o, then one clear error names the variable", (env, message) => {
    const dev = { NODE_ENV: "development", ...env };
    expect(() => loadConfig(dev)).toThrow(ConfigError);
    expect(() => loadConfig(dev)).toThrow(message);
  });

  it("when MANAGEMENT_PORT is unset, then there is no management listener; when set, it binds loopback unless told", () => {
    expect(loadConfig({ NODE_ENV: "development" }).management).toBeUndefined();
    expect(loadConfig({ NODE_ENV: "development", MANAGEMENT_PORT: "9464" }).management).toEqual({
      port: 9464,
      host: "127.0.0.1",
    });
    expect(
      loadConfig({ NODE_ENV: "development", MANAGEMENT_PORT: "9464", MANAGEMENT_HOST: "::" })
        .management,
    ).toEqual({ port: 9464, host: "::" });
  });

  it("when in production without a secret, then it refuses to start", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/^JWT_SECRET is required/);
    expect(() => loadConfig({ NODE_ENV: "production", JWT_ALGORITHM: "ES256" })).toThrow(
      /JWT_PRIVATE_KEY/,
    );
  });

  const productionEnv = {
    NODE_ENV: "production",
    JWT_SECRET: "x".repeat(32),
    SMTP_URL: "smtp://mail.example.com:587",
    MFA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  };

  it("when in production with a strong secret, then cookies are Secure", () => {
    const config = loadConfig(productionEnv);
    expect(config.secureCookies).toBe(true);
    expect(config.devMailbox).toBe(false);
    expect(config.mfaEncryptionKey).toEqual(Buffer.alloc(32, 7));
  });

  it("when in production without SMTP_URL or the dev mailbox, then it refuses to start naming SMTP_URL", () => {
    const { SMTP_URL: _smtp, ...withoutSmtp } = productionEnv;
    expect(() => loadConfig(withoutSmtp)).toThrow(/^SMTP_URL is required/);
    // The way out it names is a mail server, never the mailbox that would publish the mail.
    expect(() => loadConfig(withoutSmtp)).not.toThrow(/DEV_MAILBOX/);
    expect(loadConfig({ ...withoutSmtp, DEV_MAILBOX: "on" }).devMailbox).toBe(true);
  });

  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "::1",
    "[::1]",
    "::ffff:127.0.0.1",
    "localhost",
    "LOCALHOST",
  ])("when in production with DEV_MAILBOX=on and HOST=%s (loopback), then it starts", (host) => {
    expect(loadConfig({ ...productionEnv, DEV_MAILBOX: "on", HOST: host }).devMailbox).toBe(true);
  });

  it.each([
    "0.0.0.0",
    "::",
    "10.0.0.5",
    "192.168.1.2",
    "2001:db8::1",
    "api.example.com",
    "128.0.0.1",
    "localhost.example.com",
  ])(
    "when in production with DEV_MAILBOX=on and HOST=%s (reachable from outside), then it refuses to start with one line naming DEV_MAILBOX",
    (host) => {
      for (const env of [productionEnv, { ...productionEnv, SMTP_URL: undefined }]) {
        let message = "";
        try {
          loadConfig({ ...env, DEV_MAILBOX: "on", HOST: host });
        } catch (err) {
          message = (err as Error).message;
        }
        expect(message).toMatch(/^DEV_MAILBOX/);
        expect(message).not.toContain("\n");
      }
      // Off, the same host is fine.
      expect(loadConfig({ ...productionEnv, DEV_MAILBOX: "off", HOST: host }).devMailbox).toBe(
        false,
      );
    },
  );

  it("when in production without MFA_ENCRYPTION_KEY, or with one of the wrong size, then it refuses to start naming it", () => {
    const { MFA_ENCRYPTION_KEY: _key, ...withoutKey } = productionEnv;
    expect(() => loadConfig(withoutKey)).toThrow(/^MFA_ENCRYPTION_KEY is required/);
    expect(() => loadConfig({ ...productionEnv, MFA_ENCRYPTION_KEY: "abcd" })).toThrow(
      /^MFA_ENCRYPTION_KEY must be 32 bytes/,
    );
    expect(
      loadConfig({ ...productionEnv, MFA_ENCRYPTION_KEY: "0f".repeat(32) }).mfaEncryptionKey,
    ).toEqual(Buffer.alloc(32, 15));
  });

  it("when nothing says otherwise, then the account settings have the documented defaults", () => {
    const config = loadConfig({ NODE_ENV: "development", PORT: "4321" });
    expect(config.appUrl).toBe("http://localhost:4321");
    expect(config.mailFrom).toBe("no-reply@localhost");
    expect(config.devMailbox).toBe(true);
    expect(config.emailVerificationTtlSeconds).toBe(24 * 3600);
    expect(config.passwordResetTtlSeconds).toBe(30 * 60);
    expect(config.reauthMaxAgeSeconds).toBe(600);
    expect(config.activityRetentionSeconds).toBe(90 * 86_400);
    expect(config.oidcProviders).toEqual([]);
  });

  it("when OpenID Connect providers are listed, then each is read from its own variables", () => {
    const config = loadConfig({
      NODE_ENV: "development",
      APP_URL: "https://app.example.com/",
      OIDC_PROVIDERS: "google,corp-sso",
      OIDC_GOOGLE_ISSUER: "https://accounts.google.com",
      OIDC_GOOGLE_CLIENT_ID: "g-id",
      OIDC_GOOGLE_CLIENT_SECRET: "g-secret",
      OIDC_GOOGLE_NAME: "Google",
      OIDC_CORP_SSO_ISSUER: "https://sso.corp.example/realms/main/",
      OIDC_CORP_SSO_CLIENT_ID: "c-id",
      OIDC_CORP_SSO_CLIENT_SECRET: "c-secret",
      OIDC_CORP_SSO_SCOPES: "openid email",
    });
    expect(config.appUrl).toBe("https://app.example.com");
    expect(config.oidcProviders).toEqual([
      {
        id: "google",
        name: "Google",
        issuer: "https://accounts.google.com",
        clientId: "g-id",
        clientSecret: "g-secret",
        scopes: "openid email profile",
      },
      {
        id: "corp-sso",
        name: "corp-sso",
        issuer: "https://sso.corp.example/realms/main",
        clientId: "c-id",
        clientSecret: "c-secret",
        scopes: "openid email",
      },
    ]);
    expect(() => loadConfig({ NODE_ENV: "development", OIDC_PROVIDERS: "google" })).toThrow(
      /^OIDC_GOOGLE_ISSUER is required/,
    );
  });

  it.each(["development", "test"])(
    "when NODE_ENV=%s, then keys may be generated and the cookie is not Secure (plain http on a developer's machine)",
    (nodeEnv) => {
      const config = loadConfig({ NODE_ENV: nodeEnv });
      expect(config.env).toBe(nodeEnv);
      expect(config.secureCookies).toBe(false);
      expect(config.jwt.secret).toBeUndefined();
    },
  );

  it.each([[undefined], ["staging"], ["prod"], ["Production"], ["dev"], ["DEVELOPMENT"]])(
    "when NODE_ENV is %s, then it behaves as production: real keys required, cookie Secure",
    (nodeEnv) => {
      const env = nodeEnv === undefined ? {} : { NODE_ENV: nodeEnv };
      expect(() => loadConfig(env)).toThrow(/^JWT_SECRET is required when NODE_ENV/);
      const config = loadConfig({
        ...env,
        JWT_SECRET: "x".repeat(32),
        SMTP_URL: "smtp://mail.example.com:587",
        MFA_ENCRYPTION_KEY: "ab".repeat(32),
      });
      expect(config.env).toBe("production");
      expect(config.secureCookies).toBe(true);
    },
  );

  it("when NODE_ENV is unset, then the refusal says so and how to get development keys", () => {
    expect(() => loadConfig({})).toThrow(/NODE_ENV is unset .*NODE_ENV=development generates one/);
    expect(() => loadConfig({ NODE_ENV: "staging", JWT_ALGORITHM: "ES256" })).toThrow(
      /^JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_FILE is required for ES256 when NODE_ENV=staging/,
    );
  });
});

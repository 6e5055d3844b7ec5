import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";

/**
 * A real OpenID Provider on loopback (panva's oidc-provider, the certified implementation
 * openid-client is tested against), for tests, the end-to-end suite and `npm run dev:idp`.
 * It uses the library's development login page: any login and any password sign in, and
 * the login becomes the account's `sub`. Development only: it is a devDependency.
 */

export interface DevAccount {
  email: string;
  emailVerified: boolean;
  name: string;
}

export interface DevProviderOptions {
  /** 0 picks a free port. */
  port?: number;
  clientId: string;
  clientSecret: string;
  /** Every redirect URI the client may use (`APP_URL/api/auth/oidc/<id>/callback`). */
  redirectUris: string[];
  /** Accounts by login; a login not listed gets `<login>@example.test`, verified. */
  accounts?: Record<string, DevAccount>;
}

export interface DevProvider {
  issuer: string;
  port: number;
  /** Sets or replaces the account a login signs in as (tests change claims between logins). */
  setAccount(login: string, account: DevAccount): void;
  close(): Promise<void>;
}

export async function startDevProvider(options: DevProviderOptions): Promise<DevProvider> {
  const accounts = new Map(Object.entries(options.accounts ?? {}));
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;

  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    // The app asks for the claims in the ID token (it never calls userinfo).
    conformIdTokenClaims: false,
    findAccount: (_ctx: KoaContextWithOIDC, sub: string) => ({
      accountId: sub,
      claims: () => {
        const account = accounts.get(sub) ?? defaultAccount(sub);
        return {
          sub,
          email: account.email,
          email_verified: account.emailVerified,
          name: account.name,
        };
      },
    }),
    // No consent screen: the demo user is only ever asked to log in.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grantId =
        ctx.oidc.result?.consent?.grantId ||
        ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
    cookies: { keys: ["dev-idp-cookie-key-not-a-secret"] },
    // A signing key of its own per start, and explicit lifetimes: the library's
    // quick-start defaults work too, but print a notice each.
    jwks: { keys: [signingKey()] },
    ttl: {
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AccessToken: 600,
      IdToken: 600,
      AuthorizationCode: 60,
    },
  };
  const provider = new Provider(issuer, configuration);
  server.on("request", provider.callback());

  return {
    issuer,
    port,
    setAccount: (login, account) => void accounts.set(login, account),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function signingKey() {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid: "dev-idp", use: "sig", alg: "RS256" };
}

function defaultAccount(login: string): DevAccount {
  const email = login.includes("@") ? login.toLowerCase() : `${login.toLowerCase()}@example.test`;
  return { email, emailVerified: true, name: login.split("@")[0] ?? login };
}

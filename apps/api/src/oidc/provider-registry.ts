import { apiPaths, pathTo } from "@jwt-auth/shared";
import type { Logger } from "pino";
import type { ProviderSettings } from "./discover-provider.js";
import type { OidcStrategy } from "./oidc-strategy.js";

export interface RegisteredProvider {
  id: string;
  name: string;
  issuer: string;
  /** Undefined until discovery has succeeded: the provider's login then answers `oidc_failed`. */
  strategy: OidcStrategy | undefined;
}

export interface ProviderRegistryOptions {
  providers: ProviderSettings[];
  /** The web app's public URL: redirect URIs are `<appUrl>/api/auth/oidc/<id>/callback`. */
  appUrl: string;
  logger?: Logger | undefined;
  /** First delay before retrying a failed discovery; it doubles up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}

export function callbackUrlOf(appUrl: string, providerId: string): string {
  return new URL(pathTo(apiPaths.oidcCallback, { provider: providerId }), appUrl).href;
}

/**
 * The configured OpenID Connect providers. Discovery runs once at start-up; a provider that
 * does not answer does not stop the app: its discovery is retried in the background, with
 * a growing delay, until it succeeds or the app stops. The OpenID Connect client is loaded
 * only when a provider is configured.
 */
export function createProviderRegistry(options: ProviderRegistryOptions) {
  const retryDelayMs = options.retryDelayMs ?? 5_000;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 5 * 60_000;
  const entries = new Map<string, RegisteredProvider>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const discover = async (settings: ProviderSettings, delay: number): Promise<void> => {
    try {
      const [{ discoverProvider }, { createOidcStrategy }] = await Promise.all([
        import("./discover-provider.js"),
        import("./oidc-strategy.js"),
      ]);
      const config = await discoverProvider(settings);
      if (closed) return;
      entries.get(settings.id)!.strategy = createOidcStrategy({
        name: `oidc:${settings.id}`,
        config,
        callbackURL: callbackUrlOf(options.appUrl, settings.id),
        scope: settings.scopes,
      });
      options.logger?.info({ provider: settings.id }, "OpenID Connect provider discovered");
    } catch (err) {
      if (closed) return;
      options.logger?.warn(
        { provider: settings.id, err, retryInMs: delay },
        "OpenID Connect discovery failed; retrying in the background",
      );
      const timer = setTimeout(() => {
        timers.delete(timer);
        void discover(settings, Math.min(delay * 2, maxRetryDelayMs));
      }, delay);
      timer.unref();
      timers.add(timer);
    }
  };

  for (const settings of options.providers) {
    entries.set(settings.id, {
      id: settings.id,
      name: settings.name,
      issuer: settings.issuer,
      strategy: undefined,
    });
  }

  return {
    /** Runs the first discovery of every provider; never rejects. */
    start: () => Promise.all(options.providers.map((p) => discover(p, retryDelayMs))),
    list: (): RegisteredProvider[] => [...entries.values()],
    get: (id: string): RegisteredProvider | undefined => entries.get(id),
    /** The configured provider id of an issuer, for naming a stored identity. */
    idOfIssuer: (issuer: string): string | undefined =>
      [...entries.values()].find((p) => sameIssuer(p.issuer, issuer))?.id,
    close(): void {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

function sameIssuer(a: string, b: string): boolean {
  return a.replace(/\/$/, "") === b.replace(/\/$/, "");
}

export type ProviderRegistry = ReturnType<typeof createProviderRegistry>;

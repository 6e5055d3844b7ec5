import * as client from "openid-client";
import type { OidcProviderConfig } from "../config/oidc.js";

/** A provider as configured (OIDC_PROVIDERS and its variables). */
export type ProviderSettings = OidcProviderConfig;

/**
 * Fetches `<issuer>/.well-known/openid-configuration`. Plain http is allowed only for an
 * issuer on the loopback interface (a provider in tests or `npm run dev:idp`); anywhere
 * else openid-client's https-only rule stands.
 */
export async function discoverProvider(settings: ProviderSettings): Promise<client.Configuration> {
  const issuer = new URL(settings.issuer);
  const loopbackHttp = issuer.protocol === "http:" && isLoopback(issuer.hostname);
  return client.discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
    timeout: 10,
    ...(loopbackHttp ? { execute: [client.allowInsecureRequests] } : {}),
  });
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

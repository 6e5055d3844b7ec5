import { apiPaths, type ProviderSummary } from "@jwt-auth/shared";

/**
 * The configured providers, fetched with the browser's fetch: the login page's first load
 * carries neither axios nor zod, and the list is public, so no token is involved.
 */
let cached: Promise<ProviderSummary[]> | undefined;

export function loadProviders(): Promise<ProviderSummary[]> {
  cached ??= fetch(apiPaths.providers, { headers: { Accept: "application/json" } })
    .then((res): Promise<{ providers?: unknown }> => (res.ok ? res.json() : Promise.resolve({})))
    .then((body) => (Array.isArray(body.providers) ? body.providers.filter(isProvider) : []))
    .catch(() => {
      // No buttons this time; the next visit to the login page asks again.
      cached = undefined;
      return [];
    });
  return cached;
}

function isProvider(value: unknown): value is ProviderSummary {
  const p = value as Partial<ProviderSummary> | null;
  return typeof p?.id === "string" && typeof p.name === "string";
}

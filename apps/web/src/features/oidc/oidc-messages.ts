import { apiPaths, pathTo } from "@jwt-auth/shared";

/**
 * What a failed provider login or link says to the user. The API sends the code in
 * `?error=` on its redirect back; anything else there is ignored.
 */
const messages: Record<string, string> = {
  oidc_failed: "Signing in with that provider did not work. Please try again.",
  oidc_cancelled: "Signing in with that provider was cancelled.",
  oidc_email_conflict:
    "An account with this email already exists. Log in with your password, then link the provider from your security page.",
  oidc_identity_taken:
    "That provider account is already linked to another account here. Sign in to that account and unlink it there first, or link a different provider account.",
};

export function oidcErrorMessage(code: string | null): string | null {
  return code !== null && Object.hasOwn(messages, code) ? messages[code]! : null;
}

/** The URL that starts a provider login, coming back to `returnTo` when it succeeds. */
export function oidcStartUrl(providerId: string, returnTo?: string): string {
  const query = returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : "";
  return pathTo(apiPaths.oidcStart, { provider: providerId }) + query;
}

import { z } from "zod";

/** Signing in through an OpenID Connect provider, and the identities linked to an account. */

export const ProviderSummary = z.object({
  id: z.string(),
  /** The button's label: `Continue with <name>`. */
  name: z.string(),
});
export type ProviderSummary = z.infer<typeof ProviderSummary>;

export const ProvidersResponse = z.object({ providers: z.array(ProviderSummary) });
export type ProvidersResponse = z.infer<typeof ProvidersResponse>;

/** A path of this app: one leading slash, no scheme, no host, no backslash trickery. */
export const SameOriginPath = z
  .string()
  .max(2048)
  .regex(/^\/(?![/\\])[^\\\s]*$/, "must be a path of this site, like /profile");

export const OidcStartQuery = z.object({
  returnTo: SameOriginPath.optional(),
  /** `link`: finish by linking the identity to the account that asked (see the link route). */
  intent: z.enum(["login", "link"]).optional(),
});
export type OidcStartQuery = z.infer<typeof OidcStartQuery>;

export const LinkIdentityResponse = z.object({
  /** Navigate the browser there (same origin) to go through the provider and link it. */
  url: z.string(),
});
export type LinkIdentityResponse = z.infer<typeof LinkIdentityResponse>;

export const LinkedIdentity = z.object({
  id: z.string(),
  /** The configured provider id, or the issuer when that provider is no longer configured. */
  provider: z.string(),
  email: z.string().nullable(),
  linkedAt: z.iso.datetime(),
});
export type LinkedIdentity = z.infer<typeof LinkedIdentity>;

export const IdentitiesResponse = z.object({ identities: z.array(LinkedIdentity) });
export type IdentitiesResponse = z.infer<typeof IdentitiesResponse>;

/** The codes a failed provider login or link comes back with, in `?error=`. */
export const oidcErrorCodes = [
  "oidc_failed",
  "oidc_cancelled",
  "oidc_email_conflict",
  "oidc_identity_taken",
] as const;
export type OidcErrorCode = (typeof oidcErrorCodes)[number];

import { z } from "zod";
import { ConfigError, splitList } from "./values.js";

/** The OpenID Connect providers offered at login, each read from variables of its own. */
export const oidcEnv = z.object({
  OIDC_PROVIDERS: z
    .string()
    .regex(/^[a-z0-9_-]+(,[a-z0-9_-]+)*$/i, "must be provider ids separated by commas")
    .optional(),
});
export type OidcEnv = z.infer<typeof oidcEnv>;

export interface OidcProviderConfig {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
}

/**
 * `OIDC_PROVIDERS=google,corp` plus `OIDC_GOOGLE_ISSUER`, `OIDC_GOOGLE_CLIENT_ID`, … for each
 * id: those are read from the raw environment, since their names depend on the list.
 */
export function oidcProvidersOf(e: OidcEnv, env: NodeJS.ProcessEnv): OidcProviderConfig[] {
  return splitList(e.OIDC_PROVIDERS).map((id) => {
    const prefix = `OIDC_${id.toUpperCase().replace(/-/g, "_")}_`;
    const read = (name: string) => {
      const value = env[prefix + name];
      return value === undefined || value === "" ? undefined : value;
    };
    const required = (name: string) => {
      const value = read(name);
      if (value === undefined)
        throw new ConfigError(`${prefix}${name} is required for provider "${id}"`);
      return value;
    };
    const issuer = required("ISSUER");
    if (!/^https?:\/\/[^\s]+$/.test(issuer)) {
      throw new ConfigError(`${prefix}ISSUER must be an http:// or https:// URL`);
    }
    return {
      id: id.toLowerCase(),
      name: read("NAME") ?? id,
      issuer: issuer.replace(/\/+$/, ""),
      clientId: required("CLIENT_ID"),
      clientSecret: required("CLIENT_SECRET"),
      scopes: read("SCOPES") ?? "openid email profile",
    };
  });
}

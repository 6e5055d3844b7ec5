import { z } from "zod";
import { appUrlOf, httpConfig, httpEnv, type HttpConfig } from "./http.js";
import { devMailboxOf, mailConfig, mailEnv, type MailConfig } from "./mail.js";
import { oidcEnv, oidcProvidersOf, type OidcProviderConfig } from "./oidc.js";
import {
  operationsConfig,
  operationsEnv,
  requireOwnManagementPort,
  type OperationsConfig,
} from "./operations.js";
import { mfaKeyOf, securityConfig, securityEnv, type SecurityConfig } from "./security.js";
import { modeOf, serverConfig, serverEnv, type ServerConfig } from "./server.js";
import {
  requireLongSecrets,
  requireProductionKeys,
  tokenConfig,
  tokenEnv,
  type TokenConfig,
} from "./tokens.js";
import { ConfigError } from "./values.js";

export { APP_NAME } from "./http.js";
export type { OidcProviderConfig } from "./oidc.js";
export { isLoopbackHost } from "./server.js";
export { JWT_ALGORITHMS, type JwtAlgorithm } from "./tokens.js";
export { API_ROOT, ConfigError } from "./values.js";

// One schema: when several variables are wrong, the first in this order is the one reported.
const EnvSchema = z.object({
  ...serverEnv.shape,
  ...tokenEnv.shape,
  ...httpEnv.shape,
  ...mailEnv.shape,
  ...securityEnv.shape,
  ...operationsEnv.shape,
  ...oidcEnv.shape,
});

export interface Config
  extends ServerConfig, TokenConfig, HttpConfig, MailConfig, SecurityConfig, OperationsConfig {
  oidcProviders: OidcProviderConfig[];
}

/** Parses the environment once, at boot. Nothing else in the API reads `process.env`. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const result = EnvSchema.safeParse(blankToUndefined(env));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(`${String(issue.path[0])} ${issue.message}`);
  }
  const e = result.data;
  const mode = modeOf(e.NODE_ENV);
  // The refusals in the order they are checked: with several wrong, the first one is reported.
  if (mode.production) requireProductionKeys(e, mode);
  const devMailbox = devMailboxOf(e, mode);
  const mfaEncryptionKey = mfaKeyOf(e, mode);
  const appUrl = appUrlOf(e);
  requireOwnManagementPort(e);
  requireLongSecrets(e);
  return {
    ...serverConfig(e, mode),
    ...tokenConfig(e),
    ...httpConfig(e, mode, appUrl),
    ...mailConfig(e, appUrl, devMailbox),
    ...securityConfig(e, mfaEncryptionKey),
    oidcProviders: oidcProvidersOf(e, env),
    ...operationsConfig(e),
  };
}

/** An empty variable (`FOO=`) means "not set", as it does in most shells' intent. */
function blankToUndefined(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env)) out[key] = value === "" ? undefined : value;
  return out;
}

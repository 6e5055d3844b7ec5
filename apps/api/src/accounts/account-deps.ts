import type { Logger } from "pino";
import type { PasswordHasher } from "../auth/password-hasher.js";
import type { Config } from "../config/env.js";
import type { CredentialEvents } from "../credentials/credential-events.js";
import type { MailContext } from "../mail/mail-context.js";
import type { SessionService } from "../sessions/session-service.js";
import type { LinkTokenStore } from "../store/link-token-store.js";
import type { Db } from "../store/db.js";

/** What the account flows need: the store, the hasher, the sessions to end, the clock. */
export interface AccountDeps {
  db: Db;
  linkTokens: LinkTokenStore;
  sessions: SessionService;
  credentials: CredentialEvents;
  mail: MailContext;
  hasher: PasswordHasher;
  config: Pick<
    Config,
    "appUrl" | "appName" | "emailVerificationTtlSeconds" | "passwordResetTtlSeconds"
  >;
  now: () => number;
  logger?: Logger;
}

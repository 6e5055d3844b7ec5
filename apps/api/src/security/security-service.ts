import { DomainError } from "../errors/domain-error.js";
import type {
  AccountExport,
  ActivityPage,
  AuthResponse,
  ReauthenticateRequest,
  SessionList,
} from "@jwt-auth/shared";
import type { CredentialEvents } from "../credentials/credential-events.js";
import type { PasswordHasher } from "../auth/password-hasher.js";
import type { RequestContext } from "../http/request-context.js";
import type { SessionService } from "../sessions/session-service.js";
import type { Db } from "../store/db.js";
import { listLiveSessionsOf } from "../store/session-listings.js";
import type { UserRow } from "../store/user-store.js";
import { activityPage } from "./activity-log.js";
import { deleteAccount } from "./delete-account.js";
import { exportAccount, type ExportSection } from "./export-account.js";
import { listSessions } from "./list-sessions.js";
import { reauthenticate, type StepUpFactors } from "./reauthenticate.js";
import { revokeOtherSessions, revokeSession } from "./revoke-sessions.js";

export interface SecurityServiceDeps {
  db: Db;
  sessions: SessionService;
  credentials: CredentialEvents;
  hasher: PasswordHasher;
  /** The user of a token, or a DomainError when the account is gone. */
  existing: (userId: string) => Promise<UserRow>;
  appName: string;
  now: () => number;
  /** Plugged in by the second-factor feature: step-up with a code or a passkey. */
  factors?: StepUpFactors;
  /** Plugged in by later features: their part of the export. */
  exportSections?: readonly ExportSection[];
}

type Caller = { id: string; sid: string };

/** What the security page can do, one file per verb; this only hands each its dependencies. */
export function createSecurityService(deps: SecurityServiceDeps) {
  return {
    listSessions: (user: Caller): Promise<SessionList> =>
      listSessions(
        { listLive: (userId, now) => listLiveSessionsOf(deps.db, userId, now), now: deps.now },
        user,
      ),

    revokeSession: (user: Caller, sessionId: string, context: RequestContext): Promise<void> =>
      revokeSession(deps, user, sessionId, context),

    revokeOtherSessions: (user: Caller, context: RequestContext): Promise<void> =>
      revokeOtherSessions(deps, user, context),

    activity: (
      user: Caller,
      query: { limit: number; before?: string | undefined },
    ): Promise<ActivityPage> => activityPage(deps.db, user.id, query),

    reauthenticate: (
      user: Caller,
      input: ReauthenticateRequest,
      context: RequestContext,
    ): Promise<AuthResponse> => reauthenticate(deps, user, input, context),

    exportAccount: async (user: Caller): Promise<AccountExport> =>
      exportAccount(deps, await deps.existing(user.id)),

    deleteAccount: async (user: Caller, context?: RequestContext): Promise<void> => {
      try {
        await deleteAccount(deps, await deps.existing(user.id), context);
      } catch (err) {
        // Two deletions at once (a double click): the second waited on the row lock and
        // found the account gone. What it asked for is done; the first sent the notice.
        if (err instanceof DomainError && err.code === "not_found") return;
        throw err;
      }
    },
  };
}

export type SecurityService = ReturnType<typeof createSecurityService>;

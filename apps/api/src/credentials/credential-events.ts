import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import { enqueueMail } from "../mail/enqueue-mail.js";
import type { MailContext } from "../mail/mail-context.js";
import type { MailData } from "../mail/templates.js";
import type { SessionService } from "../sessions/session-service.js";
import { recordActivity } from "../store/activity-store.js";
import type { Dialect } from "../store/database.js";
import { endPendingOf } from "../store/pending-store.js";
import type { Db, Tx } from "../store/db.js";
import { revokeSessionsOfUser } from "../store/sessions.js";
import { transaction } from "../store/transaction.js";
import type { UserRow } from "../store/user-store.js";
import { lockUserRow } from "../store/user-store.js";
import { CREDENTIAL_RULES, type CredentialEvent } from "./credential-rules.js";

export interface CredentialEventDeps {
  db: Db;
  dialect: Dialect;
  sessions: Pick<SessionService, "announceRevoked">;
  mail: MailContext;
  now: () => number;
}

export interface CredentialChange<T> {
  userId: string;
  /** The session making the change: it survives a rule that ends the others. */
  sessionId?: string | undefined;
  context: RequestContext;
  /** Filled into the notice (a passkey's name, say). */
  notice?: MailData;
  /**
   * The change itself, in the same transaction: after the sessions are ended and before the
   * pending links, second steps and ceremonies are. It is given the account as it was
   * before; a DomainError it throws rolls everything back.
   */
  change?: (trx: Tx, user: UserRow, now: number) => Promise<T>;
}

/**
 * The one path every credential event takes. In the transaction of the change it ends what
 * the event's row of CREDENTIAL_RULES says (pending links, waiting second steps, WebAuthn
 * ceremonies, sessions), writes the activity event and queues the notice; once committed it
 * tells every instance which sessions ended. The user's row is locked first, so a login
 * racing the event either finishes before it (and its session is ended with the rest) or
 * fails after it.
 */
export function createCredentialEvents(deps: CredentialEventDeps) {
  return {
    /** The store's dialect, for a change that needs a lock of its own (otherAdminsThan). */
    dialect: deps.dialect,

    async commit<T>(event: CredentialEvent, input: CredentialChange<T>): Promise<T> {
      const rule = CREDENTIAL_RULES[event];
      const now = deps.now();
      const { result, ended } = await transaction(deps.db, async (trx) => {
        const user = await lockUserRow(trx, deps.dialect, input.userId);
        if (!user) throw new DomainError("not_found");
        const ended =
          rule.sessions === "none"
            ? []
            : await revokeSessionsOfUser(trx, {
                userId: user.id,
                now,
                reason: rule.revokeReason,
                keep: rule.sessions === "others" ? input.sessionId : undefined,
              });
        const result = (await input.change?.(trx, user, now)) as T;
        // After the change: a flow spends its own link first (a reset's), then the rest die.
        await endPendingOf(trx, user.id, {
          links: rule.links,
          mfaTokens: rule.mfaTokens,
          challenges: rule.challenges,
        });
        if (rule.activity) {
          await recordActivity(trx, {
            userId: user.id,
            type: rule.activity,
            at: now,
            ...input.context,
          });
        }
        if (rule.notice) {
          await enqueueMail(
            trx,
            {
              to: user.email,
              // The goodbye outlives the account it was about.
              userId: event === "account_deleted" ? null : user.id,
              template: rule.notice,
              data: input.notice ?? {},
              now,
            },
            deps.mail,
          );
        }
        return { result, ended };
      });
      await deps.sessions.announceRevoked(ended, now);
      return result;
    },
  };
}

export type CredentialEvents = ReturnType<typeof createCredentialEvents>;

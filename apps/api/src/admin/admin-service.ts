import type {
  AdminUser,
  AdminUserDetail,
  AdminUserList,
  AuditEvent,
  AuditPage,
} from "@jwt-auth/shared";
import type { AccountDeps } from "../accounts/account-deps.js";
import { sendLink } from "../accounts/send-link.js";
import type { CredentialEvents } from "../credentials/credential-events.js";
import { DomainError, fieldError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import { activityPage } from "../security/activity-log.js";
import { decodeActivityCursor, encodeActivityCursor } from "../security/activity-cursor.js";
import { deleteAccount } from "../security/delete-account.js";
import { toSessionSummary } from "../security/list-sessions.js";
import type { SessionService } from "../sessions/session-service.js";
import { recordActivity } from "../store/activity-store.js";
import { factsOf, findAdminUser, otherAdminsThan, searchUsers } from "../store/admin-store.js";
import { listAudit, recordAudit, type AuditRow, type NewAuditEntry } from "../store/audit-store.js";
import { transaction } from "../store/transaction.js";
import type { Dialect } from "../store/database.js";
import type { Db, Tx } from "../store/db.js";
import { listLiveSessionsOf } from "../store/session-listings.js";
import { lockUserRow, type UserRow } from "../store/user-store.js";
import { normaliseRoles, rolesOf } from "../store/roles.js";
import { toAdminUser } from "./to-admin-user.js";

/** Who acts: an administrator (from their token), or the server's shell (`npm run admin`). */
export interface Actor {
  id: string | null;
  email: string;
  context: RequestContext;
}

export interface AdminServiceDeps {
  db: Db;
  dialect: Dialect;
  sessions: Pick<SessionService, "announceRoles">;
  credentials: CredentialEvents;
  /** The account flows, for the reset link (accounts/send-link.ts). */
  accounts: AccountDeps;
  /** A provider's configured id from its issuer (identities are shown by provider). */
  providerIdOf: (issuer: string) => string | undefined;
  now: () => number;
}

const USER_ACTIVITY_SHOWN = 20;

/**
 * Every administrator's action, from the API (admin-routes.ts) and the shell (cli/admin.ts)
 * alike. Each change goes through the path its kind of change always takes (a lock, a
 * second-factor reset and a deletion are credential events; a reset link is sent as the
 * user's own request sends it) and writes its audit line in that change's transaction.
 */
export function createAdminService(deps: AdminServiceDeps) {
  const { db, dialect } = deps;

  const audit = (
    trx: Tx,
    actor: Actor,
    action: NewAuditEntry["action"],
    target: Pick<UserRow, "id" | "email">,
    now: number,
    detail: Record<string, unknown> = {},
  ) =>
    recordAudit(trx, {
      action,
      actor: { id: actor.id, email: actor.email },
      target: { id: target.id, email: target.email },
      detail,
      ip: actor.context.ip,
      at: now,
    });

  const summaries = async (rows: Awaited<ReturnType<typeof searchUsers>>): Promise<AdminUser[]> => {
    const facts = await factsOf(
      db,
      rows.map((row) => row.id),
    );
    const now = deps.now();
    return rows.map((row) => toAdminUser(row, facts, deps.providerIdOf, now));
  };

  const summary = async (userId: string): Promise<AdminUser> => {
    const row = await findAdminUser(db, userId);
    if (!row) throw new DomainError("not_found", "No user has that id");
    return (await summaries([row]))[0]!;
  };

  return {
    async listUsers(query: {
      query?: string | undefined;
      limit: number;
      before?: string | undefined;
    }): Promise<AdminUserList> {
      const before = query.before === undefined ? undefined : decodeActivityCursor(query.before);
      if (query.before !== undefined && !before) {
        throw fieldError("before", "before must be a cursor from a previous page");
      }
      const rows = await searchUsers(db, dialect, {
        query: query.query,
        before,
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        users: await summaries(page),
        next:
          rows.length > query.limit && last
            ? encodeActivityCursor({ at: last.created_at, id: last.id })
            : null,
      };
    },

    user: summary,

    async userDetail(userId: string): Promise<AdminUserDetail> {
      const found = await summary(userId);
      const [sessions, activity] = await Promise.all([
        listLiveSessionsOf(db, userId, deps.now()),
        activityPage(db, userId, { limit: USER_ACTIVITY_SHOWN }),
      ]);
      return {
        ...found,
        // Seen by an administrator, none of them is "this device".
        sessions: sessions.map((row) => toSessionSummary(row, "")),
        activity: activity.events,
      };
    },

    /** The id of the account of an email (normalised already), for the shell's commands. */
    async idOfEmail(email: string): Promise<string | undefined> {
      const row = await db
        .selectFrom("users")
        .select("id")
        .where("email", "=", email)
        .executeTakeFirst();
      return row?.id;
    },

    async lock(
      actor: Actor,
      userId: string,
      input: { reason: string; until?: string | null | undefined },
    ): Promise<void> {
      if (actor.id === userId) throw new DomainError("cannot_lock_self");
      const until = input.until ? Date.parse(input.until) : null;
      if (until !== null && until <= deps.now()) {
        throw fieldError("until", "until must be in the future");
      }
      await deps.credentials.commit("account_locked", {
        userId,
        context: actor.context,
        change: async (trx, user, now) => {
          await trx
            .updateTable("users")
            .set({
              locked_at: now,
              locked_reason: input.reason,
              locked_until: until,
              updated_at: now,
            })
            .where("id", "=", user.id)
            .execute();
          await audit(trx, actor, "account_locked", user, now, {
            reason: input.reason,
            until: until === null ? null : new Date(until).toISOString(),
          });
        },
      });
    },

    async unlock(actor: Actor, userId: string): Promise<void> {
      const now = deps.now();
      await transaction(db, async (trx) => {
        const user = await lockUserRow(trx, dialect, userId);
        if (!user) throw new DomainError("not_found", "No user has that id");
        // An action that changes nothing is still an administrator's action: audited, with
        // what it found, and nothing recorded in the user's own activity.
        if (user.locked_at === null) {
          await audit(trx, actor, "account_unlocked", user, now, { wasLocked: false });
          return;
        }
        await trx
          .updateTable("users")
          .set({ locked_at: null, locked_reason: null, locked_until: null, updated_at: now })
          .where("id", "=", user.id)
          .execute();
        await recordActivity(trx, { userId, type: "account_unlocked", at: now, ...actor.context });
        await audit(trx, actor, "account_unlocked", user, now);
      });
    },

    async revokeSessions(actor: Actor, userId: string): Promise<void> {
      await deps.credentials.commit("logout_all", {
        userId,
        context: actor.context,
        change: (trx, user, now) => audit(trx, actor, "sessions_revoked", user, now),
      });
    },

    /** Support recovery: TOTP and backup codes off, every session ended, a notice mailed. */
    async resetMfa(actor: Actor, userId: string): Promise<void> {
      await deps.credentials.commit("mfa_reset_by_admin", {
        userId,
        context: actor.context,
        change: async (trx, user, now) => {
          const factor = await trx
            .selectFrom("totp_factors")
            .select("user_id")
            .where("user_id", "=", user.id)
            .where("enabled_at", "is not", null)
            .executeTakeFirst();
          if (!factor) throw new DomainError("mfa_not_enabled");
          await trx.deleteFrom("backup_codes").where("user_id", "=", user.id).execute();
          await trx.deleteFrom("totp_factors").where("user_id", "=", user.id).execute();
          await audit(trx, actor, "mfa_reset", user, now);
        },
      });
    },

    /** Mails the user a reset link, as their own "forgot password" would. */
    async sendPasswordReset(actor: Actor, userId: string): Promise<void> {
      const now = deps.now();
      await transaction(db, async (trx) => {
        const user = await lockUserRow(trx, dialect, userId);
        if (!user) throw new DomainError("not_found", "No user has that id");
        await sendLink(trx, deps.accounts, {
          user,
          purpose: "password_reset",
          to: user.email,
          ttlSeconds: deps.accounts.config.passwordResetTtlSeconds,
        });
        await recordActivity(trx, {
          userId,
          type: "password_reset_requested",
          at: now,
          ...actor.context,
        });
        await audit(trx, actor, "password_reset_sent", user, now);
      });
    },

    /**
     * Sets the user's roles (`user` is always kept). Taking `admin` from the last
     * administrator is refused (`last_admin`). Once committed, every instance refuses the
     * user's access tokens that claim a role they lost; their sessions go on, and the next
     * refresh brings a token with the new roles.
     */
    async setRoles(actor: Actor, userId: string, wanted: readonly string[]): Promise<AdminUser> {
      const roles = normaliseRoles(wanted);
      const now = deps.now();
      const changed = await transaction(db, async (trx) => {
        const user = await lockUserRow(trx, dialect, userId);
        if (!user) throw new DomainError("not_found", "No user has that id");
        const before = rolesOf(user);
        if (
          before.length === roles.length &&
          before.every((role) => (roles as string[]).includes(role))
        ) {
          await audit(trx, actor, "roles_changed", user, now, { before, after: roles });
          return false;
        }
        if (
          before.includes("admin") &&
          !roles.includes("admin") &&
          (await otherAdminsThan(trx, dialect, user.id)) === 0
        ) {
          throw new DomainError("last_admin", "Another administrator must be named first");
        }
        await trx
          .updateTable("users")
          .set({ roles: JSON.stringify(roles), roles_changed_at: now, updated_at: now })
          .where("id", "=", user.id)
          .execute();
        await recordActivity(trx, { userId, type: "roles_changed", at: now, ...actor.context });
        await audit(trx, actor, "roles_changed", user, now, { before, after: roles });
        return true;
      });
      if (changed) await deps.sessions.announceRoles(userId, roles, now);
      return summary(userId);
    },

    /** Deletes the account as its owner's own deletion does; never the last administrator. */
    async deleteUser(actor: Actor, userId: string): Promise<void> {
      await deleteAccount(deps, { id: userId }, actor.context, (trx, user, now) =>
        audit(trx, actor, "user_deleted", user, now),
      );
    },

    async audit(query: { limit: number; before?: string | undefined }): Promise<AuditPage> {
      const before = query.before === undefined ? undefined : decodeActivityCursor(query.before);
      if (query.before !== undefined && !before) {
        throw fieldError("before", "before must be a cursor from a previous page");
      }
      const rows = await listAudit(db, { before, limit: query.limit + 1 });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        events: page.map(toAuditEvent),
        next: rows.length > query.limit && last ? encodeActivityCursor(last) : null,
      };
    },
  };
}

export type AdminService = ReturnType<typeof createAdminService>;

function toAuditEvent(row: AuditRow): AuditEvent {
  let detail: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(row.detail);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      detail = parsed as Record<string, unknown>;
    }
  } catch {
    // Written by this code only; an unreadable detail is shown empty rather than failing the page.
  }
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    action: row.action as AuditEvent["action"],
    actor: { id: row.actor_id, email: row.actor_email },
    target: { id: row.target_id, email: row.target_email },
    detail,
    ip: row.ip,
  };
}

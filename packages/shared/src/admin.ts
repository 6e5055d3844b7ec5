/**
 * What the administration API reads and sends: roles, the user list and a user's page,
 * a lock, a role change and the audit log of every administrator's action.
 */
import { z } from "zod";
import {
  ActivityEvent,
  ACTIVITY_PAGE_DEFAULT,
  ACTIVITY_PAGE_MAX,
  SessionSummary,
} from "./security.js";

/** Every role there is: `user` for everyone, `admin` added by an administrator or the CLI. */
export const roles = ["user", "admin"] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

/** What an account is locked for and until when (ISO time; null while it has no end). */
export const AccountLock = z.object({
  reason: z.string(),
  until: z.iso.datetime().nullable(),
});
export type AccountLock = z.infer<typeof AccountLock>;

export const AdminUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  emailVerified: z.boolean(),
  roles: z.array(z.string()),
  createdAt: z.iso.datetime(),
  /** The start of the user's latest session still on record; null when there is none. */
  lastLoginAt: z.iso.datetime().nullable(),
  /** The lock that holds now; null when the account is not locked (or its lock has ended). */
  locked: AccountLock.nullable(),
  totpEnabled: z.boolean(),
  /** How many passkeys the account has. */
  passkeys: z.number().int(),
  /** The providers of the linked identities (their configured id, or the issuer). */
  identities: z.array(z.string()),
});
export type AdminUser = z.infer<typeof AdminUser>;

/** A user's page: the summary with their live sessions and their latest 20 events. */
export const AdminUserDetail = AdminUser.extend({
  sessions: z.array(SessionSummary),
  activity: z.array(ActivityEvent),
});
export type AdminUserDetail = z.infer<typeof AdminUserDetail>;

export const AdminUserList = z.object({
  users: z.array(AdminUser),
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: z.string().nullable(),
});
export type AdminUserList = z.infer<typeof AdminUserList>;

const pageLimit = z.coerce
  .number({ error: "limit must be a number" })
  .int({ error: "limit must be a whole number" })
  .min(1, { error: "limit must be at least 1" })
  .max(ACTIVITY_PAGE_MAX, { error: `limit must be at most ${ACTIVITY_PAGE_MAX}` })
  .default(ACTIVITY_PAGE_DEFAULT);

const cursor = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,200}$/, { error: "before must be a cursor from a previous page" })
  .optional();

export const AdminUsersQuery = z.object({
  /** Part of an email or a name, any case; empty or absent lists everyone. */
  query: z
    .string()
    .trim()
    .max(100, { error: "query must be at most 100 characters" })
    .optional()
    .transform((value) => (value ? value.toLowerCase() : undefined)),
  limit: pageLimit,
  before: cursor,
});
export type AdminUsersQuery = z.input<typeof AdminUsersQuery>;

export const AdminUserParams = z.object({ id: z.string().min(1).max(64) });
export type AdminUserParams = z.infer<typeof AdminUserParams>;

export const LOCK_REASON_MAX = 500;

export const LockRequest = z.object({
  reason: z
    .string({ error: "Reason is required" })
    .trim()
    .min(1, { error: "Reason is required" })
    .max(LOCK_REASON_MAX, { error: `Reason must be at most ${LOCK_REASON_MAX} characters` }),
  /** When the lock ends (ISO time, in the future); absent or null: until it is lifted. */
  until: z.iso
    .datetime({ offset: true, error: "until must be an ISO date and time" })
    .nullable()
    .optional(),
});
export type LockRequest = z.input<typeof LockRequest>;

export const RolesRequest = z.object({
  roles: z
    .array(Role, { error: `roles must be a list of ${roles.join(", ")}` })
    .max(roles.length * 2),
});
export type RolesRequest = z.input<typeof RolesRequest>;

/** Every kind of administrator action the audit log records. */
export const auditActions = [
  "account_locked",
  "account_unlocked",
  "sessions_revoked",
  "mfa_reset",
  "password_reset_sent",
  "roles_changed",
  "user_deleted",
] as const;
export const AuditAction = z.enum(auditActions);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEvent = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  action: AuditAction,
  /** The administrator; `id` null for the server's shell (`npm run admin`). */
  actor: z.object({ id: z.string().nullable(), email: z.string() }),
  /** The account acted on, as it was then (it may since have been deleted). */
  target: z.object({ id: z.string(), email: z.string() }),
  /** What was done: the lock's reason and end, the roles before and after, … */
  detail: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditPage = z.object({
  events: z.array(AuditEvent),
  next: z.string().nullable(),
});
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditQuery = z.object({ limit: pageLimit, before: cursor });
export type AuditQuery = z.input<typeof AuditQuery>;

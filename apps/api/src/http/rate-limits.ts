import type { Request, RequestHandler, Response } from "express";
import { ipKeyGenerator, rateLimit, type Store } from "express-rate-limit";
import { AppError } from "./app-error.js";
import { MemoryRateLimitStore } from "./memory-rate-limit-store.js";

export interface RateLimitPolicy {
  windowMs: number;
  limit: number;
}

export type RateLimitName =
  | "loginByAccount"
  | "loginByIp"
  | "register"
  | "refresh"
  | "mail"
  | "mailByRecipient"
  | "mfaByAccount"
  | "passkeyOptions";

const MINUTE = 60_000;

/**
 * Budgets per window. Failed logins are counted per account (the normalised email, from
 * whichever address they come) and per client address; successful ones are not counted.
 */
export const DEFAULT_RATE_LIMITS: Record<RateLimitName, RateLimitPolicy> = {
  loginByAccount: { windowMs: 15 * MINUTE, limit: 20 },
  loginByIp: { windowMs: 15 * MINUTE, limit: 100 },
  register: { windowMs: 15 * MINUTE, limit: 50 },
  refresh: { windowMs: 15 * MINUTE, limit: 300 },
  // Requests that mail someone (forgot password, verification resend, email change): enough
  // for a person, too few to flood an inbox or the mail server from one address.
  mail: { windowMs: 15 * MINUTE, limit: 30 },
  // The same requests counted per inbox (the normalised address, or the user for a
  // verification resend), whichever addresses they come from: many clients cannot flood one.
  mailByRecipient: { windowMs: 15 * MINUTE, limit: 5 },
  // Wrong second-factor codes per account, whichever mfaToken and address they come with.
  mfaByAccount: { windowMs: 15 * MINUTE, limit: 20 },
  // Every login page asks for one (passkey autofill), so the budget is a refresh's.
  passkeyOptions: { windowMs: 15 * MINUTE, limit: 300 },
};

const MAX_RETRY_AFTER_SECONDS = 3600;

export interface RateLimitOptions {
  enabled: boolean;
  policies?: Partial<Record<RateLimitName, RateLimitPolicy>>;
  /** A store shared by all instances (PostgreSQL or Redis); in memory when absent. */
  storeFor?: (name: RateLimitName) => Store | undefined;
  /** The app's clock (epoch ms): windows and `Retry-After` follow it. */
  now: () => number;
}

export type RateLimiters = Record<RateLimitName | "passwordBySession", RequestHandler>;

export function createRateLimiters(options: RateLimitOptions): RateLimiters {
  const pass: RequestHandler = (_req, _res, next) => next();
  const make = (
    name: RateLimitName,
    extra: {
      key?: (req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1]) => string;
      failuresOnly?: boolean;
      /** Over the limit, go on with `res.locals.mailSuppressed` set instead of a 429. */
      quietly?: (res: Parameters<RequestHandler>[1]) => boolean;
    },
  ): RequestHandler => {
    if (!options.enabled) return pass;
    const policy = { ...DEFAULT_RATE_LIMITS[name], ...options.policies?.[name] };
    const store = options.storeFor?.(name) ?? new MemoryRateLimitStore(options.now);
    return rateLimit({
      windowMs: policy.windowMs,
      limit: policy.limit,
      standardHeaders: "draft-7",
      legacyHeaders: false,
      store,
      // The address comes from the socket unless TRUST_PROXY says which proxy to believe;
      // a spoofed X-Forwarded-For is ignored on purpose, so the check for it is off.
      validate: { xForwardedForHeader: false },
      keyGenerator: extra.key ?? ((req) => `${name}:${ipKeyGenerator(req.ip ?? "unknown")}`),
      skipSuccessfulRequests: extra.failuresOnly ?? false,
      // A 503 (too busy to check the password) is not a failed guess: it costs no budget.
      requestWasSuccessful: (_req, res) => res.statusCode < 400 || res.statusCode === 503,
      handler: (req, res, next) => {
        if (extra.quietly?.(res)) {
          (res.locals as MailLocals).mailSuppressed = true;
          next();
          return;
        }
        const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
        const seconds = resetTime
          ? Math.ceil((resetTime.getTime() - options.now()) / 1000)
          : policy.windowMs / 1000;
        const retryAfter = Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, seconds));
        next(AppError.of("rate_limited", { headers: { "Retry-After": String(retryAfter) } }));
      },
    });
  };

  return {
    // Runs after LoginRequest validation, so the key is the normalised email. A browser that
    // holds a live session of that account (`res.locals.trustedSessionId`, OWASP's "device
    // cookie") gets a budget of its own: whoever spends the account's cannot lock its owner out.
    loginByAccount: make("loginByAccount", {
      key: (req, res) => {
        const account = `loginByAccount:${String((req.body as { email?: unknown }).email)}`;
        const device = (res.locals as { trustedSessionId?: unknown }).trustedSessionId;
        return typeof device === "string" ? `${account}:session:${device}` : account;
      },
      failuresOnly: true,
    }),
    loginByIp: make("loginByIp", { failuresOnly: true }),
    // A wrong current password on a password change is a guess like a failed login. It is
    // counted per session too (with the per-account budget), so a stolen access token cannot
    // be used from many addresses to guess the password that would take the account over.
    passwordBySession: make("loginByAccount", {
      key: (req) => `passwordBySession:${String(req.user?.sid)}`,
      failuresOnly: true,
    }),
    register: make("register", {}),
    refresh: make("refresh", {}),
    mail: make("mail", {}),
    // Keyed by what `mailRecipient` set just before; one counter for every route that mails
    // an address, so a flood cannot spread over forgot-password and email change.
    mailByRecipient: make("mailByRecipient", {
      key: (_req, res) => {
        const recipient = (res.locals as MailLocals).mailRecipient;
        return `mailByRecipient:${recipient?.key ?? "unknown"}`;
      },
      quietly: (res) => (res.locals as MailLocals).mailRecipient?.quiet === true,
    }),
    // Keyed by the mfaToken's user (set in `res.locals.mfaUserId` just before); a dead or
    // unknown token falls back to the address, which loginByIp already counts.
    mfaByAccount: make("mfaByAccount", {
      key: (req, res) => {
        const userId = (res.locals as { mfaUserId?: unknown }).mfaUserId;
        return typeof userId === "string"
          ? `mfaByAccount:${userId}`
          : `mfaByAccount:ip:${ipKeyGenerator(req.ip ?? "unknown")}`;
      },
      failuresOnly: true,
    }),
    passkeyOptions: make("passkeyOptions", {}),
  };
}

interface MailLocals {
  mailRecipient?: { key: string; quiet: boolean };
  mailSuppressed?: boolean;
}

/**
 * Names who a request would mail, for `mailByRecipient` right after it: the normalised
 * address (`email:…`) or the user (`user:…`). `quiet`: over the limit, the request goes on
 * with nothing to be sent (see `mailSuppressed`) instead of a 429, for the answers that must
 * not differ whether or not an account exists.
 */
export function mailRecipient(
  keyOf: (req: Request) => string,
  options: { quiet?: boolean } = {},
): RequestHandler {
  return (req, res, next) => {
    (res.locals as MailLocals).mailRecipient = { key: keyOf(req), quiet: options.quiet ?? false };
    next();
  };
}

/** True when the recipient's budget is spent on a `quiet` route: answer as usual, send nothing. */
export function mailSuppressed(res: Response): boolean {
  return (res.locals as MailLocals).mailSuppressed === true;
}

import { randomBytes, randomInt, randomUUID } from "node:crypto";
import type { Insertable } from "kysely";
import type { Database as Schema } from "@jwt-auth/api/schema";

/**
 * What a seeded store holds, row by row, typed by the API's own schema: a column the API
 * renames or adds breaks this file's typecheck rather than the fill. Where the rows go in is
 * seed-users.ts's business.
 */
export const seededEmail = (i: number) => `user${i}@scale.bench`;

const CREATED_AT = Date.UTC(2025, 0, 1);
const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * What user i has besides the account, decided by i alone, so a thousand users and a
 * million, SQLite and PostgreSQL, hold the same mix: 1 to 5 live sessions (3 on average),
 * each with its current refresh token; 5 to 15 events in the security log (10 on average);
 * TOTP on (with 10 backup codes) for every 10th user, a passkey for every 20th, a linked
 * provider identity for every 25th; every 10th email not yet verified; and the session
 * tombstones of one deleted account per 1,000 users.
 */
const MIX = {
  sessions: { min: 1, spread: 5 },
  events: { min: 5, spread: 11 },
  totp: { every: 10, at: 3 },
  backupCodes: 10,
  passkey: { every: 20, at: 11 },
  identity: { every: 25, at: 7 },
  unverified: { every: 10, at: 9 },
  usersPerTombstone: 1000,
} as const;
const TOMBSTONES_PER_ACCOUNT = 3;

/**
 * User i, or its neighbour when user i has TOTP on (their password login answers
 * `mfaRequired` rather than a session): the user a password-only login should use.
 */
export function passwordOnlyUser(i: number): number {
  return i % MIX.totp.every === MIX.totp.at ? i + 1 : i;
}

/** The mix on average per user, for the results file. */
export const SEED_MIX = {
  sessions: MIX.sessions.min + (MIX.sessions.spread - 1) / 2,
  activityEvents: MIX.events.min + (MIX.events.spread - 1) / 2,
  totpShare: 1 / MIX.totp.every,
  backupCodesPerTotp: MIX.backupCodes,
  passkeyShare: 1 / MIX.passkey.every,
  identityShare: 1 / MIX.identity.every,
};
const MAX_SESSIONS = MIX.sessions.min + MIX.sessions.spread - 1;
const MAX_EVENTS = MIX.events.min + MIX.events.spread - 1;

/**
 * When: sessions were created over the two days before the store was filled and live for
 * the API's default REFRESH_TOKEN_TTL (7 days); events are spread over sixty days, inside
 * the default 90-day ACTIVITY_RETENTION. So the seeded sessions stay live for five days: a
 * cached store is filled again a day before that.
 */
const SESSIONS_SPAN = 2 * DAY;
const SESSION_TTL = 7 * DAY;
const EVENTS_SPAN = 60 * DAY;
export const USABLE_FOR = SESSION_TTL - SESSIONS_SPAN - DAY;

const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
];
/** Mostly sign-ins, as a real log is; the k-th event of user i is EVENT_TYPES[(7i + k) % length]. */
const EVENT_TYPES = [
  "login_succeeded",
  "login_succeeded",
  "login_succeeded",
  "login_succeeded",
  "login_succeeded",
  "login_failed",
  "login_failed",
  "reauthenticated",
  "session_revoked",
  "password_changed",
  "password_reset_requested",
  "email_verified",
];
const IDENTITY_ISSUER = "https://accounts.google.com";

export type Row<T extends keyof Schema> = Insertable<Schema[T]>;
/** One table's rows, in the order they go in. */
export type TableRows = { [T in keyof Schema]: { table: T; rows: Iterable<Row<T>> } }[keyof Schema];

interface Seed {
  n: number;
  userIds: string[];
  hash: string;
  seededAt: number;
}

/**
 * Every row of a store of n users, table by table, for both dialects alike but for the
 * random parts (ids, token hashes, secrets). Within a table the rows are in the order the
 * API would have written them: by time, across users, so one user's sessions and events lie
 * far apart in the table as they do in a store that grew.
 */
export function seedRows(n: number, hash: string, seededAt: number): TableRows[] {
  if (n === 0) return [];
  const seed: Seed = { n, userIds: Array.from({ length: n }, () => randomUUID()), hash, seededAt };
  const sessionId = orderedIds();
  return [
    { table: "users", rows: userRows(seed) },
    { table: "sessions", rows: sessionRows(seed, sessionId) },
    // The same sessions again, to give each its current refresh token.
    { table: "refresh_tokens", rows: refreshTokenRows(sessionRows(seed, sessionId)) },
    { table: "activity_events", rows: eventRows(seed, orderedIds()) },
    { table: "totp_factors", rows: totpRows(seed) },
    { table: "backup_codes", rows: backupCodeRows(seed) },
    { table: "passkeys", rows: passkeyRows(seed, orderedIds()) },
    { table: "identities", rows: identityRows(seed, orderedIds()) },
    { table: "session_tombstones", rows: tombstoneRows(seed, orderedIds()) },
  ];
}

function* userRows({ n, userIds, hash }: Seed): Generator<Row<"users">> {
  for (let i = 0; i < n; i++)
    yield {
      id: userIds[i]!,
      email: seededEmail(i),
      name: `User ${i}`,
      password_hash: hash,
      created_at: CREATED_AT + i,
      updated_at: CREATED_AT + i,
      email_verified_at:
        i % MIX.unverified.every === MIX.unverified.at ? null : CREATED_AT + MINUTE + i,
    };
}

/**
 * Slot g of MAX_SESSIONS per user is the k-th session of user i = g % n, kept when user i
 * has more than k sessions; its time grows with g across the two days.
 */
function* sessionRows(
  { n, userIds, seededAt }: Seed,
  id: (position: number) => string,
): Generator<Row<"sessions">> {
  const slots = MAX_SESSIONS * n;
  for (let g = 0; g < slots; g++) {
    const i = g % n;
    const k = Math.floor(g / n);
    if (k >= MIX.sessions.min + (i % MIX.sessions.spread)) continue;
    const created = Math.floor(seededAt - SESSIONS_SPAN + g * (SESSIONS_SPAN / slots));
    yield {
      id: id(g),
      user_id: userIds[i]!,
      created_at: created,
      last_used_at: created + Math.floor((seededAt - created) / 2),
      expires_at: created + SESSION_TTL,
      user_agent: USER_AGENTS[(i + k) % USER_AGENTS.length]!,
      ip: ipOf(i),
      auth_time: created,
      amr: i % MIX.totp.every === MIX.totp.at ? '["pwd","otp"]' : '["pwd"]',
    };
  }
}

/** One current refresh token per session, its hash 32 random bytes as the API's are. */
function* refreshTokenRows(sessions: Iterable<Row<"sessions">>): Generator<Row<"refresh_tokens">> {
  for (const session of sessions)
    yield { token_hash: randomHex(64), session_id: session.id, created_at: session.last_used_at };
}

/** As the sessions: slot g of MAX_EVENTS per user, spread over sixty days. */
function* eventRows(
  { n, userIds, seededAt }: Seed,
  id: (position: number) => string,
): Generator<Row<"activity_events">> {
  const slots = MAX_EVENTS * n;
  for (let g = 0; g < slots; g++) {
    const i = g % n;
    const k = Math.floor(g / n);
    if (k >= MIX.events.min + (i % MIX.events.spread)) continue;
    yield {
      id: id(g),
      user_id: userIds[i]!,
      type: EVENT_TYPES[(7 * i + k) % EVENT_TYPES.length]!,
      at: Math.floor(seededAt - EVENTS_SPAN + g * (EVENTS_SPAN / slots)),
      ip: ipOf(i),
      user_agent: USER_AGENTS[(i + k) % USER_AGENTS.length]!,
    };
  }
}

function* totpRows({ n, userIds }: Seed): Generator<Row<"totp_factors">> {
  for (let i = MIX.totp.at; i < n; i += MIX.totp.every)
    yield {
      user_id: userIds[i]!,
      secret_enc: `v1.${randomHex(16)}.${randomHex(22)}.${randomHex(64)}`,
      created_at: CREATED_AT + i,
      enabled_at: CREATED_AT + MINUTE + i,
    };
}

/** Each TOTP user's codes, the first of them used a day ago. */
function* backupCodeRows({ n, userIds, seededAt }: Seed): Generator<Row<"backup_codes">> {
  for (let i = MIX.totp.at; i < n; i += MIX.totp.every)
    for (let c = 0; c < MIX.backupCodes; c++)
      yield {
        code_hash: `k1.${randomHex(64)}`,
        user_id: userIds[i]!,
        created_at: CREATED_AT + MINUTE + i,
        used_at: c === 0 ? seededAt - DAY : null,
      };
}

function* passkeyRows(
  { n, userIds, seededAt }: Seed,
  id: (position: number) => string,
): Generator<Row<"passkeys">> {
  for (let i = MIX.passkey.at; i < n; i += MIX.passkey.every)
    yield {
      id: id(Math.floor(i / MIX.passkey.every)),
      user_id: userIds[i]!,
      credential_id: randomHex(64),
      public_key: `pQECAyYgASFYI${randomHex(64)}`,
      counter: 0,
      transports: '["hybrid","internal"]',
      device_type: "multiDevice",
      backed_up: 1,
      name: "iCloud Keychain",
      created_at: CREATED_AT + MINUTE + i,
      last_used_at: seededAt - DAY,
    };
}

function* identityRows(
  { n, userIds }: Seed,
  id: (position: number) => string,
): Generator<Row<"identities">> {
  for (let i = MIX.identity.at; i < n; i += MIX.identity.every)
    yield {
      id: id(Math.floor(i / MIX.identity.every)),
      user_id: userIds[i]!,
      issuer: IDENTITY_ISSUER,
      subject: `1${String(i).padStart(20, "0")}`,
      email: seededEmail(i),
      linked_at: CREATED_AT + MINUTE + i,
    };
}

/** The sessions of the deleted accounts, one per MIX.usersPerTombstone users. */
function* tombstoneRows(
  { n, seededAt }: Seed,
  id: (position: number) => string,
): Generator<Row<"session_tombstones">> {
  const count = Math.floor(n / MIX.usersPerTombstone) * TOMBSTONES_PER_ACCOUNT;
  for (let x = 1; x <= count; x++) yield { id: id(x), revoked_at: seededAt - 10 * MINUTE };
}

const ipOf = (i: number) =>
  `10.${Math.floor(i / 65536) % 256}.${Math.floor(i / 256) % 256}.${i % 256}`;

/**
 * Ids in the shape of the API's random UUIDs whose first twelve digits count up with the
 * position, so every insert lands at the end of its table's primary key index. The rest is
 * hashed from the position with salts of this sequence's own: the same position gives the
 * same id again (the refresh tokens find their sessions' ids), and two sequences do not share
 * ids (a tombstone with a seeded session's id would revoke it).
 */
function orderedIds(): (position: number) => string {
  const [s1, s2, s3] = [randomInt(2 ** 32), randomInt(2 ** 32), randomInt(2 ** 32)];
  return (position) => {
    const a = mix32(position ^ s1);
    const b = mix32(a ^ s2);
    const c = mix32(b ^ s3);
    const rest = hex(a, 8) + hex(b, 8) + hex(c, 8);
    return `${hex(Math.floor(position / 65536), 8)}-${hex(position % 65536, 4)}-4${rest.slice(0, 3)}-a${rest.slice(3, 6)}-${rest.slice(6, 18)}`;
  };
}

/** MurmurHash3's finalizer: 32 well-mixed bits from 32. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

const hex = (value: number, digits: number) => value.toString(16).padStart(digits, "0");

let randomPool = "";
let randomAt = 0;
/** Random hex digits, drawn 64 KiB at a time rather than a few bytes for every row. */
function randomHex(digits: number): string {
  if (randomAt + digits > randomPool.length) {
    randomPool = randomBytes(65_536).toString("hex");
    randomAt = 0;
  }
  randomAt += digits;
  return randomPool.slice(randomAt - digits, randomAt);
}

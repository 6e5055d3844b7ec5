import { randomUUID } from "node:crypto";
import { DisplayName, Email, NAME_MAX_LENGTH } from "@jwt-auth/shared";
import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import { recordActivity } from "../store/activity-store.js";
import { createIdentityStore, IdentityTakenError } from "../store/identity-store.js";
import { transaction } from "../store/transaction.js";
import type { Db } from "../store/db.js";
import { createUserStore, EmailTakenError, type UserRow } from "../store/user-store.js";
import type { ProviderClaims } from "./oidc-strategy.js";

export interface SignInWithIdentityDeps {
  db: Db;
  now: () => number;
}

/**
 * The account a verified ID token logs in to. An identity is found by (issuer, sub) and by
 * nothing else. When there is none, an account is created only if the provider vouches
 * for the email (`email_verified`) and no account has it; an account that has it is never
 * linked on the email alone (whoever controls that address at some provider would take it
 * over): its owner links the provider from the security page after logging in.
 */
export async function signInWithIdentity(
  deps: SignInWithIdentityDeps,
  claims: ProviderClaims,
  context: RequestContext,
): Promise<UserRow> {
  const existing = await findLinkedUser(deps.db, claims);
  if (existing) return existing;

  const email = Email.safeParse(claims.email);
  if (!email.success || !claims.emailVerified) {
    throw new DomainError("oidc_failed", "the provider did not vouch for an email address");
  }
  const users = createUserStore(deps.db);
  if (await users.findByEmail(email.data)) throw new DomainError("oidc_email_conflict");

  const now = deps.now();
  try {
    return await transaction(deps.db, async (trx) => {
      // No password: the account logs in through its provider until the user sets one on
      // the security page (POST /api/user/password) or through "forgot password".
      const user = await createUserStore(trx).insert({
        id: randomUUID(),
        email: email.data,
        name: displayName(claims, email.data),
        passwordHash: "",
        emailVerifiedAt: now,
        now,
      });
      await createIdentityStore(trx).insert({
        id: randomUUID(),
        user_id: user.id,
        issuer: claims.issuer,
        subject: claims.subject,
        email: email.data,
        linked_at: now,
      });
      await recordActivity(trx, { userId: user.id, type: "registered", at: now, ...context });
      return user;
    });
  } catch (err) {
    if (err instanceof EmailTakenError) throw new DomainError("oidc_email_conflict");
    // The same first login twice at once: the other request created the account.
    if (err instanceof IdentityTakenError) {
      const user = await findLinkedUser(deps.db, claims);
      if (user) return user;
    }
    throw err;
  }
}

async function findLinkedUser(db: Db, claims: ProviderClaims): Promise<UserRow | undefined> {
  const identity = await createIdentityStore(db).findBySubject(claims.issuer, claims.subject);
  return identity ? createUserStore(db).findById(identity.user_id) : undefined;
}

function displayName(claims: ProviderClaims, email: string): string {
  return providerDisplayName(claims.name, email);
}

/**
 * The provider's `name` claim, made to pass the rules a name typed at registration passes
 * (the shared `DisplayName`): each run of control characters (a NUL, which PostgreSQL
 * refuses in text, line breaks, escapes, C1 codes) or lone surrogates becomes one space,
 * the ends are trimmed and the length is cut to the limit without splitting a character.
 * When nothing valid remains, the email's local part stands in, as when there is no name.
 */
export function providerDisplayName(name: unknown, email: string): string {
  for (const candidate of [name, email.split("@")[0]]) {
    const fitted = typeof candidate === "string" ? fitName(candidate) : "";
    if (DisplayName.safeParse(fitted).success) return fitted;
  }
  return "User";
}

function fitName(raw: string): string {
  const cleaned = raw.replace(/[\p{Cc}\ud800-\udfff]+/gu, " ").trim();
  let out = "";
  for (const character of cleaned) {
    if (out.length + character.length > NAME_MAX_LENGTH) break;
    out += character;
  }
  return out.trim();
}

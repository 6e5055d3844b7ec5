import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

/**
 * How many ways a user has to log in: a password (an account created through a provider
 * has none until one is set through "forgot password") and each linked provider identity.
 * Removing a way to log in is refused when it is the last one.
 */
export async function countSignInMethods(db: Kysely<Database>, userId: string): Promise<number> {
  const user = await db
    .selectFrom("users")
    .select("password_hash")
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user) return 0;
  const identities = await db
    .selectFrom("identities")
    .select((eb) => eb.fn.countAll<number | string | bigint>().as("count"))
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return (user.password_hash === "" ? 0 : 1) + Number(identities.count);
}

/**
 * Takes the user's row lock for the rest of the transaction (PostgreSQL holds it on
 * UPDATE; SQLite runs one writer at a time anyway), so removals of sign-in methods of
 * one user run one after the other and each sees what the previous one left.
 */
export async function holdSignInMethods(
  db: Kysely<Database>,
  userId: string,
  now: number,
): Promise<void> {
  await db.updateTable("users").set({ updated_at: now }).where("id", "=", userId).execute();
}

import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

/**
 * How many ways a user has to log in: a password (accounts created through OpenID Connect
 * have an empty `password_hash`) plus each passkey. Removing a credential must never
 * bring this to zero.
 */
export async function countSignInMethods(db: Kysely<Database>, userId: string): Promise<number> {
  const user = await db
    .selectFrom("users")
    .select("password_hash")
    .where("id", "=", userId)
    .executeTakeFirst();
  const passkeys = await db
    .selectFrom("passkeys")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return (user?.password_hash ? 1 : 0) + Number(passkeys?.n ?? 0);
}

/**
 * Takes the user's row lock for the rest of the transaction (a no-op update: portable,
 * unlike SELECT ... FOR UPDATE), so concurrent removals of credentials count one after
 * the other and cannot both leave the account with none.
 */
export async function lockSignInMethods(db: Kysely<Database>, userId: string): Promise<void> {
  await db
    .updateTable("users")
    .set((eb) => ({ updated_at: eb.ref("updated_at") }))
    .where("id", "=", userId)
    .execute();
}

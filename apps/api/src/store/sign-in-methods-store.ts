import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

/**
 * How many ways a user has to log in: a password (an account created through an OpenID
 * Connect provider has an empty `password_hash` until one is set on the security page or
 * through "forgot password"), each passkey and each linked provider identity. Removing a credential is
 * refused when it would bring this to zero (`409 last_credential`).
 */
export async function countSignInMethods(db: Kysely<Database>, userId: string): Promise<number> {
  const user = await db
    .selectFrom("users")
    .select("password_hash")
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user) return 0;
  const [passkeys, identities] = await Promise.all([
    db
      .selectFrom("passkeys")
      .select((eb) => eb.fn.countAll<number | string | bigint>().as("n"))
      .where("user_id", "=", userId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("identities")
      .select((eb) => eb.fn.countAll<number | string | bigint>().as("n"))
      .where("user_id", "=", userId)
      .executeTakeFirstOrThrow(),
  ]);
  return (user.password_hash === "" ? 0 : 1) + Number(passkeys.n) + Number(identities.n);
}

/**
 * Takes the user's row lock for the rest of the transaction (a no-op update: portable,
 * unlike SELECT ... FOR UPDATE; SQLite runs one writer at a time anyway), so concurrent
 * removals of credentials count one after the other and cannot both leave none.
 */
export async function lockSignInMethods(db: Kysely<Database>, userId: string): Promise<void> {
  await db
    .updateTable("users")
    .set((eb) => ({ updated_at: eb.ref("updated_at") }))
    .where("id", "=", userId)
    .execute();
}

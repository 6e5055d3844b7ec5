import type { Kysely, Selectable } from "kysely";
import { prepared, type Params } from "./prepared.js";
import type { Database, TotpFactorsTable } from "./schema.js";

export type TotpFactorRow = Selectable<TotpFactorsTable>;

// The statements of every second factor, prepared once (prepared.ts).
const factorOf = prepared((db, p: Params<{ userId: string }>) =>
  db.selectFrom("totp_factors").selectAll().where("user_id", "=", p("userId")),
);
const claim = (state: "pending" | "enabled") =>
  prepared((db, p: Params<{ step: number; userId: string }>) =>
    db
      .updateTable("totp_factors")
      .set({ last_step: p("step") })
      .where("user_id", "=", p("userId"))
      .where("enabled_at", state === "enabled" ? "is not" : "is", null)
      .where((eb) => eb.or([eb("last_step", "is", null), eb("last_step", "<", p("step"))])),
  );
const claimStepOf = { pending: claim("pending"), enabled: claim("enabled") };

export function createTotpStore(db: Kysely<Database>) {
  return {
    /** Pass the transaction when inside one: SQLite has a single connection to wait for. */
    async find(userId: string, trx: Kysely<Database> = db): Promise<TotpFactorRow | undefined> {
      return (await factorOf(trx, { userId })).rows[0];
    },

    /**
     * Starts (or restarts) a pending setup; never touches an enabled factor. One statement:
     * two setups at once (a double click) used to both find no row and both insert, and the
     * second broke the primary key (a 500 on PostgreSQL). The upsert writes the row unless
     * it is enabled, and says which by the count of rows it wrote.
     */
    async savePending(userId: string, secretEnc: string, now: number): Promise<boolean> {
      const result = await db
        .insertInto("totp_factors")
        .values({
          user_id: userId,
          secret_enc: secretEnc,
          created_at: now,
          enabled_at: null,
          last_step: null,
        })
        .onConflict((conflict) =>
          conflict
            .column("user_id")
            .doUpdateSet((eb) => ({
              secret_enc: eb.ref("excluded.secret_enc"),
              created_at: eb.ref("excluded.created_at"),
              last_step: null,
            }))
            .where("totp_factors.enabled_at", "is", null),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    /**
     * Records `step` as used, only when it is later than the last one: the compare and the
     * write are one statement, so two requests with the same code cannot both pass.
     */
    async claimStep(
      trx: Kysely<Database>,
      userId: string,
      step: number,
      state: "pending" | "enabled",
    ): Promise<boolean> {
      const result = await claimStepOf[state](trx, { step, userId });
      return result.numAffectedRows === 1n;
    },

    async markEnabled(trx: Kysely<Database>, userId: string, now: number): Promise<void> {
      await trx
        .updateTable("totp_factors")
        .set({ enabled_at: now })
        .where("user_id", "=", userId)
        .execute();
    },

    async remove(trx: Kysely<Database>, userId: string): Promise<boolean> {
      const result = await trx
        .deleteFrom("totp_factors")
        .where("user_id", "=", userId)
        .where("enabled_at", "is not", null)
        .executeTakeFirst();
      await trx.deleteFrom("backup_codes").where("user_id", "=", userId).execute();
      return Number(result.numDeletedRows) === 1;
    },
  };
}

export type TotpStore = ReturnType<typeof createTotpStore>;

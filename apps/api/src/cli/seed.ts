import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { RegisterRequest } from "@jwt-auth/shared";
import { createPasswordHasher } from "../auth/password-hasher.js";
import { ConfigError, loadConfig, type Config } from "../config/env.js";
import { openDatabase } from "../store/database.js";
import { EmailTakenError, createUserStore } from "../store/user-store.js";

/**
 * `npm run seed`: a demo account in the configured database, so the login form can be tried
 * at once. The password is public, so the command refuses to run in production.
 */
export const DEMO_USER = {
  email: "demo@example.com",
  password: "demo-password",
  name: "Demo User",
} as const;

export type SeedResult = "created" | "exists";

export async function seedDemoUser(config: Config, now: number = Date.now()): Promise<SeedResult> {
  if (config.env === "production")
    throw new ConfigError(
      "refusing to create a demo user with a public password when NODE_ENV=production",
    );
  // The same schema as registration, so the stored email is in its canonical form.
  const user = RegisterRequest.parse(DEMO_USER);
  const database = await openDatabase(config.databaseUrl);
  try {
    const users = createUserStore(database.db);
    if (await users.findByEmail(user.email)) return "exists";
    const hasher = await createPasswordHasher();
    const passwordHash = await hasher.hash(user.password);
    try {
      await users.insert({
        id: randomUUID(),
        email: user.email,
        name: user.name,
        passwordHash,
        now,
      });
    } catch (err) {
      // Another seed (or a registration) took the address between the read and the insert.
      if (err instanceof EmailTakenError) return "exists";
      throw err;
    }
    return "created";
  } finally {
    await database.close();
  }
}

async function main(): Promise<void> {
  // A developer's command, like `npm start`: unset NODE_ENV means their machine here.
  const config = loadConfig({ NODE_ENV: "development", ...process.env });
  const result = await seedDemoUser(config);
  const where = config.databaseUrl.replace(/\/\/[^@/]*@/, "//");
  if (result === "created") {
    console.log(
      `Created the demo user ${DEMO_USER.email} (password: ${DEMO_USER.password}) in ${where}`,
    );
  } else {
    console.log(`The demo user ${DEMO_USER.email} already exists in ${where}; nothing to do`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((err: unknown) => {
    const message =
      err instanceof ConfigError
        ? `Configuration error: ${err.message}`
        : `Seed failed: ${err instanceof Error ? err.message : String(err)}`;
    console.error(message);
    process.exit(1);
  });
}

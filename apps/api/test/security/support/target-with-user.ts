import { Client, type Account } from "./client.js";
import { startTarget, type Target } from "./target.js";

/** The usual start of an attack file: a target, a client of it, and one registered account. */
export async function startTargetWithUser(): Promise<{
  target: Target;
  client: Client;
  user: Account;
}> {
  const target = await startTarget();
  const client = new Client(target);
  return { target, client, user: await client.register() };
}

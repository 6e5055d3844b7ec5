import { hash, verify, type Options } from "@node-rs/argon2";
import { inArgon2Slot, SlotsBusyError, type Argon2Slots } from "./argon2-slots.js";

/**
 * argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane). @node-rs/argon2
 * runs each hash on libuv's thread pool, so the event loop keeps serving other requests
 * while a login is being checked.
 */
export const ARGON2ID_OWASP: Options = {
  algorithm: 2, // Algorithm.Argon2id (a const enum, so spelled as its value)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * Verifies against `stored`, or against a dummy hash when there is no user or no password
   * (`""`), in the same time.
   */
  verify(stored: string | undefined, password: string): Promise<boolean>;
  /**
   * The 503 a hash asked for now would get (every slot taken and the wait past its bound),
   * or undefined: lets a route turn a request away before reading its body.
   */
  refusal?(): SlotsBusyError | undefined;
}

/**
 * `slots` decides how many hashes run at once and when a caller is turned away with a 503
 * (`SlotsBusyError`); the process-wide slots unless a test brings its own small ones.
 */
export async function createPasswordHasher(
  options: Options = ARGON2ID_OWASP,
  slots: Argon2Slots = inArgon2Slot,
): Promise<PasswordHasher> {
  // Unknown emails are checked against this hash so they cost exactly what a wrong
  // password costs: the response time does not tell an attacker which accounts exist.
  const dummyHash = await slots(() => hash("dummy password that no account has", options));
  return {
    refusal: slots.refusal,
    hash: (password) => slots(() => hash(password, options)),
    async verify(stored, password) {
      // An empty hash is an account without a password (created through an identity
      // provider): it never matches, and costs the same as a wrong password.
      const usable = stored === "" ? undefined : stored;
      try {
        const ok = await slots(() => verify(usable ?? dummyHash, password, options));
        return usable !== undefined && ok;
      } catch (err) {
        // Too busy to check is not a wrong password: the client is told to retry.
        if (err instanceof SlotsBusyError) throw err;
        return false;
      }
    },
  };
}

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

/** argon2id of 32 random bytes, thrown away, at ARGON2ID_OWASP's parameters. */
export const OWASP_DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$N1f+Guv4+J22aq6dyTNxUg$IdHAPBn2a13gitxeouGrab0s4oGlOzemkUeVeXwvgC8";

function sameParameters(a: Options, b: Options): boolean {
  return (
    a.algorithm === b.algorithm &&
    a.memoryCost === b.memoryCost &&
    a.timeCost === b.timeCost &&
    a.parallelism === b.parallelism &&
    a.outputLen === b.outputLen &&
    a.version === b.version &&
    a.secret === b.secret
  );
}

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
  /** How many hashes wait for a slot now. */
  queueLength?(): number;
  /**
   * How many argon2id verifications this hasher has run (each call into @node-rs/argon2's
   * `verify`, the dummy hash's included): what an unknown email must cost is one of them.
   */
  argon2Verifications(): number;
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
  // password costs: the response time does not tell an attacker which accounts exist. With
  // the default parameters it is a fixed hash of a random password nobody knows (a match
  // would not log anyone in anyway), so starting costs no hash and leaves no 19 MiB behind.
  const dummyHash = sameParameters(options, ARGON2ID_OWASP)
    ? OWASP_DUMMY_HASH
    : await slots(() => hash("dummy password that no account has", options));
  let verifications = 0;
  const argon2Verify = (against: string, password: string) => {
    verifications++;
    return verify(against, password, options);
  };
  return {
    refusal: slots.refusal,
    queueLength: slots.queueLength,
    argon2Verifications: () => verifications,
    hash: (password) => slots(() => hash(password, options)),
    async verify(stored, password) {
      // An empty hash is an account without a password (created through an identity
      // provider): it never matches, and costs the same as a wrong password.
      const usable = stored === "" ? undefined : stored;
      try {
        const ok = await slots(() => argon2Verify(usable ?? dummyHash, password));
        return usable !== undefined && ok;
      } catch (err) {
        // Too busy to check is not a wrong password: the client is told to retry.
        if (err instanceof SlotsBusyError) throw err;
        return false;
      }
    },
  };
}

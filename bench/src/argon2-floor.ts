/**
 * The floor of a login's cost: argon2id verifications with the API's own hasher and
 * parameters, as many at a time as the runner asks. The probe runs them in whichever server
 * the runner asks: the API itself, or a process that does nothing else (servers/raw-argon2.ts).
 */
import { createArgon2Slots } from "@jwt-auth/api/argon2-slots";
import { ARGON2ID_OWASP, createPasswordHasher } from "@jwt-auth/api/password-hasher";

/** A runner's request for verifications, answered with the same `runId`. */
export interface VerifyRequest {
  type: "verify";
  runId: number;
  durationMs: number;
  concurrency: number;
}

export interface VerifyResult {
  verified: number;
  elapsedMs: number;
}

const password = "correct horse battery staple";

let ready: ReturnType<typeof prepare> | undefined;

async function prepare() {
  // Slots as many as the API's, without its bound: this is the floor of hashing, and the
  // API's shedding is measured on its own (the login case's overload storm). Inside the API
  // they are slots of their own, used while no login comes over HTTP.
  const hasher = await createPasswordHasher(
    ARGON2ID_OWASP,
    createArgon2Slots(undefined, { maxWaitMs: Infinity, maxQueue: Infinity }),
  );
  return { hasher, stored: await hasher.hash(password) };
}

/** Verifies the right password `concurrency` at a time for `durationMs`. */
export async function verifyFor({ durationMs, concurrency }: VerifyRequest): Promise<VerifyResult> {
  const { hasher, stored } = await (ready ??= prepare());
  const start = performance.now();
  const end = start + durationMs;
  let verified = 0;
  const worker = async () => {
    while (performance.now() < end) {
      if (!(await hasher.verify(stored, password))) throw new Error("verification failed");
      verified++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { verified, elapsedMs: performance.now() - start };
}

/** Runs a runner's request and sends it the result (or the error) under its `runId`. */
export function answerVerify(request: VerifyRequest): void {
  verifyFor(request).then(
    (result) => process.send?.({ runId: request.runId, ...result }),
    (err: unknown) => process.send?.({ runId: request.runId, error: String(err) }),
  );
}

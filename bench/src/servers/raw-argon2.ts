/**
 * The floor of a login's cost: argon2id verifications with the API's own hasher and
 * parameters, as many at a time as the runner asks, in a process started exactly like the
 * API (same Node flags, same environment, same thread pool). It answers the runner over IPC.
 */
import http from "node:http";
import { createArgon2Slots } from "@jwt-auth/api/argon2-slots";
import { ARGON2ID_OWASP, createPasswordHasher } from "@jwt-auth/api/password-hasher";

interface RunRequest {
  type: "verify";
  runId: number;
  durationMs: number;
  concurrency: number;
}

const password = "correct horse battery staple";
// The same slots as the API's, without its bound: this is the floor of hashing, and the
// API's shedding is measured on its own (the login case's overload storm).
const hasher = await createPasswordHasher(
  ARGON2ID_OWASP,
  createArgon2Slots(undefined, { maxWaitMs: Infinity, maxQueue: Infinity }),
);
const stored = await hasher.hash(password);

async function run({
  durationMs,
  concurrency,
}: RunRequest): Promise<{ verified: number; elapsedMs: number }> {
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

process.on("message", (message: RunRequest) => {
  if (message?.type !== "verify") return;
  run(message).then(
    (result) => process.send?.({ runId: message.runId, ...result }),
    (err: unknown) => process.send?.({ runId: message.runId, error: String(err) }),
  );
});

// Answers readiness like the other servers, so the runner starts them all the same way.
const server = http
  .createServer((_req, res) => res.end("ready"))
  .listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1");
process.on("SIGTERM", () => server.close(() => process.exit(0)));

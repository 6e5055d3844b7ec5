/**
 * The floor of a login's cost in a process of its own, started exactly like the API (same
 * Node flags, same environment, same thread pool, the probe preloaded): it serves nothing,
 * and the probe runs the runner's argon2id verifications in it (argon2-floor.ts), as it does
 * inside the API.
 */
import http from "node:http";

// Answers readiness like the other servers, so the runner starts them all the same way.
const server = http
  .createServer((_req, res) => res.end("ready"))
  .listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1");
process.on("SIGTERM", () => server.close(() => process.exit(0)));

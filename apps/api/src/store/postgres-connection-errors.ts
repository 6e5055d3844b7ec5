/**
 * How `pg` says "the database is not reachable right now", as observed against a real
 * server: socket errors carry a Node `code`, errors from the server carry a SQLSTATE, but
 * a connection dropped under a client, a pool that cannot connect in time and a client
 * reused after its socket died throw plain Errors with no code at all.
 */
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

const MESSAGES = [
  "Connection terminated unexpectedly", // the socket closed under a client (server restart, proxy cut)
  "Connection terminated due to connection timeout", // a new client's connect timed out
  "timeout exceeded when trying to connect", // the pool's connectionTimeoutMillis
  "Client has encountered a connection error and is not queryable", // a client reused after its socket died
  "Connection terminated", // the pool ended under a query (shutdown)
];

export function isPostgresConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string") {
    return (
      SOCKET_CODES.has(code) ||
      code.startsWith("08") || // connection exception class
      code.startsWith("57P") || // admin shutdown, crash shutdown, cannot connect now
      code === "53300" // too many connections
    );
  }
  return MESSAGES.includes(err.message);
}

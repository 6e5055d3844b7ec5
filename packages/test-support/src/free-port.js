import net from "node:net";

// Plain JavaScript (typed by JSDoc): scripts/test-services imports it from this source before
// anything is built, to find ports for the PostgreSQL and Redis it starts.

/**
 * A port on 127.0.0.1 that was free a moment ago: the OS picks it (port 0), then it is let go
 * so a server that is told its port (the API, PostgreSQL, Redis) can take it. Another process
 * may take it first; a caller that must not fail tries again with another.
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === "object"
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

import net from "node:net";

/**
 * A port on 127.0.0.1 that was free a moment ago: the OS picks it (port 0), then it is let go
 * so a server that cannot listen on port 0 itself (PostgreSQL, Redis) can take it.
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
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

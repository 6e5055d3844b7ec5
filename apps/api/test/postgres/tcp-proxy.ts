import net from "node:net";

/**
 * A TCP proxy between the app and PostgreSQL that a test can cut, to see the database
 * "go away" the ways it does in production:
 * - `refuse`: nothing listens any more (a stopped server: ECONNREFUSED);
 * - `reset`: connections are accepted and dropped at once (a crashing server or a broken
 *   load balancer: "Connection terminated unexpectedly", no error code);
 * - `blackhole`: connections are accepted and never answered (a network partition).
 * Every cut also drops the connections already open.
 */
export interface TcpProxy {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  via(url: string): string;
  cut(mode: "refuse" | "reset" | "blackhole"): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: "open" | "reset" | "blackhole" = "open";
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };

  const held = new Set<net.Socket>();
  const server = net.createServer((client) => {
    track(client);
    if (mode === "reset") return client.destroy();
    if (mode === "blackhole") return void held.add(client);
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    client.pipe(upstream).on("close", () => client.destroy());
    upstream.pipe(client).on("close", () => upstream.destroy());
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
  };

  await listen(0);
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    via(url) {
      const parsed = new URL(url);
      parsed.hostname = "127.0.0.1";
      parsed.port = String(port);
      return parsed.toString();
    },
    async cut(how) {
      if (how === "refuse") {
        const closed = stopListening();
        dropAll();
        await closed;
      } else {
        mode = how;
        dropAll();
      }
    },
    async restore() {
      mode = "open";
      // Whatever waited in the black hole fails now; the next attempt gets through.
      for (const socket of held) socket.destroy();
      held.clear();
      if (!server.listening) await listen(port);
    },
    async close() {
      const closed = stopListening();
      dropAll();
      await closed;
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on (it did a moment ago): connecting is refused. */
export function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

import net from "node:net";
import type { Server, ServerResponse } from "node:http";

export interface DrainOptions {
  /**
   * How long a request may still run once stopping has begun. A client that sent half a
   * body and went quiet is cut there, so it cannot decide how long (or how) the process ends.
   */
  requestGraceMs?: number;
  /**
   * How long a connection with nothing in flight is left open once stopping has begun. A
   * keep-alive client may be writing its next request on it right now: closing it at once
   * would reset that request.
   */
  idleGraceMs?: number;
}

export interface Drain {
  /** Stops accepting, answers what is in flight, closes every connection; resolves when none is left. */
  drain(): Promise<{ cut: number }>;
}

interface Connection {
  inFlight: number;
  idleSince: number;
}

const SWEEP_INTERVAL_MS = 50;

/**
 * Watches a server's connections from the start, so that stopping can be gentle and bounded:
 * once draining, every response says `Connection: close` (clients open no new request on a
 * socket that is about to go), idle connections get a short grace before they are closed,
 * and each request has a bounded time left before its socket is cut.
 *
 * Node's own `server.close()` closes idle keep-alive connections at once, and that is what
 * reset the requests a busy client was already sending; the listener is closed here with
 * `net.Server`'s close, and idle connections are closed by the sweep below instead.
 */
export function trackConnections(server: Server, options: DrainOptions = {}): Drain {
  const requestGraceMs = options.requestGraceMs ?? 5_000;
  const idleGraceMs = options.idleGraceMs ?? 1_000;
  const connections = new Map<net.Socket, Connection>();
  const responses = new Set<ServerResponse>();
  let draining = false;
  let cut = 0;

  const bound = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader("Connection", "close");
    const timer = setTimeout(() => {
      cut++;
      res.socket?.destroy();
    }, requestGraceMs);
    res.once("close", () => clearTimeout(timer));
  };

  server.on("connection", (socket: net.Socket) => {
    connections.set(socket, { inFlight: 0, idleSince: Date.now() });
    socket.once("close", () => connections.delete(socket));
  });
  // Before the app's own listener, so the header is set before any handler can answer.
  server.prependListener("request", (req, res) => {
    const connection = connections.get(req.socket);
    if (connection) connection.inFlight++;
    responses.add(res);
    if (draining) bound(res);
    res.once("close", () => {
      responses.delete(res);
      if (connection) {
        connection.inFlight--;
        connection.idleSince = Date.now();
      }
    });
  });

  return {
    drain() {
      draining = true;
      for (const res of responses) bound(res);
      return new Promise((resolve) => {
        const sweep = setInterval(() => {
          const now = Date.now();
          for (const [socket, connection] of connections)
            if (connection.inFlight === 0 && now - connection.idleSince >= idleGraceMs)
              socket.destroy();
        }, SWEEP_INTERVAL_MS);
        net.Server.prototype.close.call(server, () => {
          clearInterval(sweep);
          resolve({ cut });
        });
      });
    },
  };
}

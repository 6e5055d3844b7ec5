import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Metrics } from "./metrics.js";

export interface ManagementDeps {
  metrics: Metrics;
  /** Resolves when the store answers. */
  ping: () => Promise<void>;
  /** How long the store gets to answer a readiness check. */
  pingTimeoutMs?: number;
}

export interface ManagementHandler extends RequestListener {
  /** From now on /health/ready answers 503: the process is stopping. */
  stopping(): void;
}

/**
 * The management listener's answers, for Prometheus and the load balancer, never on the
 * public port: `/metrics`, `/health/live` (the process runs) and `/health/ready` (the store
 * answers and no shutdown has begun). Everything else is 404. A plain `node:http` handler:
 * three fixed paths need no router, and nothing of the public app's middleware applies.
 */
export function createManagementHandler(deps: ManagementDeps): ManagementHandler {
  const timeoutMs = deps.pingTimeoutMs ?? 1_000;
  let stopping = false;

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "").split("?", 1)[0];
    const read = req.method === "GET" || req.method === "HEAD";
    if (read && path === "/metrics") return void metrics(deps.metrics, res);
    if (read && path === "/health/live") return send(res, 200, { status: "ok" });
    if (read && path === "/health/ready") {
      if (stopping) return send(res, 503, { status: "stopping" });
      return void withTimeout(deps.ping(), timeoutMs).then(
        () => send(res, stopping ? 503 : 200, { status: stopping ? "stopping" : "ok" }),
        () => send(res, 503, { status: "unavailable" }),
      );
    }
    send(res, 404, { status: "not_found" });
  };
  return Object.assign(handler, {
    stopping() {
      stopping = true;
    },
  });
}

async function metrics(source: Metrics, res: ServerResponse): Promise<void> {
  try {
    const { contentType, body } = await source.exposition();
    res.writeHead(200, { "Content-Type": contentType, "Cache-Control": "no-store" }).end(body);
  } catch {
    send(res, 500, { status: "error" });
  }
}

function send(res: ServerResponse, status: number, body: { status: string }): void {
  res
    .writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" })
    .end(JSON.stringify(body));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

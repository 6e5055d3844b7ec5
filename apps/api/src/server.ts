import http from "node:http";
import { bootstrap } from "./bootstrap.js";
import { ConfigError, loadConfig } from "./config/env.js";
import { trackConnections } from "./runtime/drain-connections.js";
import { createAppServer } from "./http/app-server.js";
import { createLogger } from "./http/logger.js";
import { lowerHelperThreadPriority } from "./runtime/helper-thread-priority.js";
import { prettyDestination } from "./http/pretty-logs.js";
import { publicUrl } from "./http/public-url.js";

/**
 * The process entry point: parse the environment, start, listen, and stop cleanly on
 * SIGTERM/SIGINT: stop accepting, let in-flight requests finish within a bound (telling
 * keep-alive clients to close), close the store, exit 0.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  // A person at a terminal in development reads coloured lines; anything else gets JSON.
  const pretty = config.env === "development" && process.stdout.isTTY;
  const logger = createLogger(config.logLevel, pretty ? await prettyDestination() : undefined);
  const running = await bootstrap(config, { logger });
  // After bootstrap, when libuv's pool (which read the modules) and V8's helpers exist: the
  // hashing threads yield to the event loop (see helper-thread-priority.ts).
  lowerHelperThreadPriority();
  const server = createAppServer(running.app);
  server.listen(config.port, config.host);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  const connections = trackConnections(server);

  const bound = await listening(server, config.host, config.port);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = publicUrl(config.appUrl, config.port, port);
  logger.info({ url, address: bound }, `Ready: open ${url} (listening on ${bound})`);
  // Metrics and health for the operators, on a port of their own (never the public one).
  let management: http.Server | undefined;
  if (running.management && config.management) {
    management = http.createServer(running.management);
    management.listen(config.management.port, config.management.host);
    const managementUrl = await listening(
      management,
      config.management.host,
      config.management.port,
    );
    logger.info({ managementUrl }, `metrics and health on ${managementUrl}`);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Readiness fails from now on, so a load balancer stops sending here; during
    // SHUTDOWN_DELAY the API still answers what it is sent, then it drains.
    running.management?.stopping();
    const delayMs = config.shutdownDelaySeconds * 1000;
    logger.info({ signal, delayMs }, "shutting down");
    // Draining is bounded per request (see drain-connections.ts), so this only fires when
    // something else hangs, such as the store refusing to close.
    const force = setTimeout(() => {
      logger.error("shutdown did not finish within 10 s; exiting");
      process.exit(1);
    }, delayMs + 10_000);
    force.unref();
    new Promise((resolve) => setTimeout(resolve, delayMs))
      .then(() => connections.drain())
      .then(({ cut }) => {
        if (cut > 0) logger.warn({ cut }, "cut requests that did not finish in time");
        return running.close();
      })
      .then(() => {
        management?.closeAllConnections();
        management?.close();
      })
      .then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, "closing the store failed");
          process.exit(1);
        },
      );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

/** Resolves with the server's URL once it listens (its port, when it was given 0). */
async function listening(server: http.Server, host: string, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  return `http://${host.includes(":") ? `[${host}]` : host}:${bound}`;
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`Failed to start: ${message}`);
  process.exit(1);
});

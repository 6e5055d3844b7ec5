import { bootstrap } from "./bootstrap.js";
import { ConfigError, loadConfig } from "./config/env.js";
import { createLogger } from "./http/logger.js";

/**
 * The process entry point: parse the environment, start, listen, and stop cleanly on
 * SIGTERM/SIGINT (stop accepting, let in-flight requests finish, close the store).
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
  const logger = createLogger(config.logLevel);
  const running = await bootstrap(config, { logger });
  const server = running.app.listen(config.port, config.host);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  logger.info({ url: `http://${host}:${port}` }, `API listening on http://${host}:${port}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    // A keep-alive connection serving a request now turns idle when it is answered, and
    // server.close() would wait for it until keepAliveTimeout: close those as they go idle.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    sweep.unref();
    server.close(() => {
      clearInterval(sweep);
      running.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`Failed to start: ${message}`);
  process.exit(1);
});

import net from "node:net";
import { z } from "zod";
import type { ServerEnv } from "./server.js";
import { ConfigError, duration } from "./values.js";

/** What the operators run the process with: the metrics and health listener, the way it stops. */
export const operationsEnv = z.object({
  MANAGEMENT_PORT: z.coerce
    .number({ error: "must be a port number" })
    .int({ error: "must be a port number" })
    .min(0, { error: "must be a port number" })
    .max(65_535, { error: "must be a port number" })
    .optional(),
  MANAGEMENT_HOST: z
    .string()
    .refine(
      (host) => net.isIP(host) !== 0 || /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host),
      {
        message: "must be an IP address or a host name",
      },
    )
    .default("127.0.0.1"),
  SHUTDOWN_DELAY: duration("0s or 5s", { min: 0, max: 60 }).default(0),
});
export type OperationsEnv = z.infer<typeof operationsEnv>;

export interface OperationsConfig {
  /** The metrics and health listener; undefined (no listener) without MANAGEMENT_PORT. */
  management: { port: number; host: string } | undefined;
  /**
   * How long a stopping process keeps serving after its readiness turned 503, before it
   * stops accepting: the time a load balancer takes to notice and send elsewhere.
   */
  shutdownDelaySeconds: number;
}

export function requireOwnManagementPort(e: OperationsEnv & Pick<ServerEnv, "PORT">): void {
  if (e.MANAGEMENT_PORT !== undefined && e.MANAGEMENT_PORT !== 0 && e.MANAGEMENT_PORT === e.PORT) {
    throw new ConfigError(
      `MANAGEMENT_PORT must differ from PORT (${e.PORT}): the metrics are never served on the public port`,
    );
  }
}

export function operationsConfig(e: OperationsEnv): OperationsConfig {
  return {
    management:
      e.MANAGEMENT_PORT === undefined
        ? undefined
        : { port: e.MANAGEMENT_PORT, host: e.MANAGEMENT_HOST },
    shutdownDelaySeconds: e.SHUTDOWN_DELAY,
  };
}

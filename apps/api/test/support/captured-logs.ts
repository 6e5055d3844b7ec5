import { Writable } from "node:stream";
import type { Logger } from "pino";
import { createLogger } from "../../src/http/logger.js";

/**
 * The app's own logger (redaction and all), writing to memory: each JSON line it writes
 * lands parsed in `lines`, where a test reads it. Empty `lines` with `lines.length = 0`.
 */
export function capturedLogs<Line = Record<string, unknown>>(
  level = "info",
): { logger: Logger; lines: Line[] } {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean))
        lines.push(JSON.parse(line) as Line);
      done();
    },
  });
  return { logger: createLogger(level, sink), lines };
}

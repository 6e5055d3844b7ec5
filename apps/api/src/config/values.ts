import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { parseDuration } from "./duration.js";

/** The API package's own folder: relative paths in the environment are resolved from it. */
export const API_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export class ConfigError extends Error {
  override name = "ConfigError";
}

export const duration = (example: string, { min = 1, max = Number.MAX_SAFE_INTEGER } = {}) =>
  z.string().transform((text, ctx) => {
    const seconds = parseDuration(text);
    if (seconds === undefined) {
      ctx.addIssue({
        code: "custom",
        message: `must be a duration like ${example} (got "${text}")`,
      });
      return z.NEVER;
    }
    if (seconds < min || seconds > max) {
      ctx.addIssue({
        code: "custom",
        message: `must be between ${min}s and ${max}s (got "${text}")`,
      });
      return z.NEVER;
    }
    return seconds;
  });

export const onOff = z.enum(["on", "off"], { error: 'must be "on" or "off"' });

export function splitList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./paths.js";

/**
 * The node flags `npm start` would give the API in this environment: `API_NODE_FLAGS` when
 * set (even empty), else the root package.json's `config.apiNodeFlags`, exactly as its
 * `start` script chooses. The benchmark starts the API with the same flags, so its figures
 * are those of the API as shipped, and `API_NODE_FLAGS=… npm run bench` tries others.
 */
export function startNodeFlags(): string[] {
  const fromEnv = process.env.API_NODE_FLAGS;
  if (fromEnv !== undefined) return fromEnv.split(/\s+/).filter(Boolean);
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    config?: { apiNodeFlags?: string };
  };
  return (manifest.config?.apiNodeFlags ?? "").split(/\s+/).filter(Boolean);
}

/**
 * The documented knob for containers under 256 MB (`API_NODE_FLAGS=--optimize-for-size`):
 * measured beside the defaults, so its cost in throughput and its saving in memory are figures.
 */
export const SIZE_FLAGS: readonly string[] = ["--optimize-for-size"];

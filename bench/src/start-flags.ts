import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./paths.js";

/**
 * The V8 flags `npm start` gives the API unless the operator says otherwise: the root
 * package.json's `config.apiNodeFlags`, which its `start` script passes to node (an
 * `API_NODE_FLAGS` environment variable replaces them). The benchmark starts the API with
 * the same flags, so its figures are those of the API as shipped.
 */
export function startNodeFlags(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    config?: { apiNodeFlags?: string };
  };
  return (manifest.config?.apiNodeFlags ?? "").split(/\s+/).filter(Boolean);
}

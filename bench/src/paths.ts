import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/** bench/ — whether this file runs from src (tsx) or from dist (node). */
export const BENCH_ROOT = path.resolve(here, "..");
export const REPO_ROOT = path.resolve(BENCH_ROOT, "..");
export const BENCH_DIST = path.join(BENCH_ROOT, "dist");
export const CACHE_DIR = path.join(BENCH_ROOT, ".cache");
export const RESULTS_DIR = path.join(BENCH_ROOT, "results");
export const API_ENTRY = path.join(REPO_ROOT, "apps/api/dist/server.js");

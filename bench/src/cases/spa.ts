import { spawnSync } from "node:child_process";
import path from "node:path";
import type { CaseResult } from "../figure.js";
import { REPO_ROOT } from "../paths.js";

interface BundleReport {
  error?: string;
  total: number;
  budget: number;
  initial: Array<{ file: string; gzip: number }>;
  later: Array<{ file: string; gzip: number }>;
  profileSplit: boolean;
  source: string;
}

/** The login route's JavaScript, measured by the same script CI runs after the web build. */
export async function spa(): Promise<CaseResult> {
  const script = path.join(REPO_ROOT, "scripts/check-bundle-size.mjs");
  const run = spawnSync(process.execPath, [script, "--json"], { encoding: "utf8" });
  const report = JSON.parse(run.stdout || "{}") as BundleReport;
  if (report.error || !report.initial) {
    return {
      figures: [
        {
          name: "spa-login-js",
          value: report.error ?? (run.stderr.trim() || "no report"),
          goal: "<= 100 kB gzip",
          ok: undefined,
        },
      ],
      details: { report },
    };
  }
  const profile = report.later.find((c) => /profile/i.test(path.basename(c.file)));
  return {
    figures: [
      {
        name: "spa-login-js",
        value: `${(report.total / 1000).toFixed(1)} kB gzip in ${report.initial.length} chunk${report.initial.length === 1 ? "" : "s"}`,
        goal: `<= ${report.budget / 1000} kB`,
        ok: report.total <= report.budget,
      },
      {
        name: "spa-profile-lazy",
        value:
          report.profileSplit && profile
            ? `profile page in its own chunk (${(profile.gzip / 1000).toFixed(1)} kB gzip), not loaded by /login`
            : "profile page is not a lazy chunk of its own",
        goal: "own lazy chunk",
        ok: report.profileSplit,
      },
    ],
    details: { report },
  };
}

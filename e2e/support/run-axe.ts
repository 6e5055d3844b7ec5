/**
 * Runs axe-core inside the page. The script is injected from the root's axe-core package
 * (@axe-core/playwright needs a newer Node than the one this project supports). The
 * tests that use it turn on `bypassCSP`: the app's policy rightly refuses injected scripts.
 */
import { createRequire } from "node:module";
import type { AxeResults, Result } from "axe-core";
import type { Page } from "@playwright/test";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

declare global {
  interface Window {
    axe: { run: (context?: Document) => Promise<AxeResults> };
  }
}

/** One line per failing element, so a failure reads as what to fix and where. */
function describe(violation: Result): string[] {
  return violation.nodes.map(
    (node) => `${violation.id} (${violation.impact}): ${node.target.join(" ")} — ${violation.help}`,
  );
}

export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(() => window.axe.run(document));
  return results.violations.flatMap(describe);
}

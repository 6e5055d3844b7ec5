/**
 * The `test` every spec imports: Playwright's, plus
 * - `newUser()`: registers a fresh account through the API (unique email per call);
 * - `openContext()`: a second browser with the project's settings (baseURL, viewport),
 *   for "another device" scenarios, closed after the test;
 * - a check that no page threw an uncaught error or had something blocked by the
 *   Content-Security-Policy, which would otherwise pass silently.
 */
import { test as base, expect, type BrowserContext } from "@playwright/test";
import { registerUser, type RegisteredUser } from "./register-user";

interface Fixtures {
  newUser: (user?: Partial<Omit<RegisteredUser, "accessToken">>) => Promise<RegisteredUser>;
  openContext: () => Promise<BrowserContext>;
  pageProblems: string[];
}

function watchForProblems(context: BrowserContext, problems: string[]): void {
  context.on("weberror", (error) => problems.push(`uncaught error: ${error.error().message}`));
  context.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) {
      problems.push(`CSP violation: ${message.text()}`);
    }
  });
}

export const test = base.extend<Fixtures>({
  newUser: async ({ request }, use) => {
    await use((user) => registerUser(request, user));
  },

  pageProblems: [
    async ({ context }, use) => {
      const problems: string[] = [];
      watchForProblems(context, problems);
      await use(problems);
      expect(problems, "errors in the page").toEqual([]);
    },
    { auto: true },
  ],

  openContext: async ({ browser, baseURL, viewport, locale, timezoneId, pageProblems }, use) => {
    const opened: BrowserContext[] = [];
    await use(async () => {
      const context = await browser.newContext({ baseURL, viewport, locale, timezoneId });
      watchForProblems(context, pageProblems);
      opened.push(context);
      return context;
    });
    await Promise.all(opened.map((context) => context.close()));
  },
});

export { expect };

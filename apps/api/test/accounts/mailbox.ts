import { apiPaths } from "@jwt-auth/shared";
import { waitFor } from "../postgres/wait-for.js";
import type { TestApp } from "../support/test-app.js";

export interface MailboxEntry {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  sentAt: string;
}

/** The development mailbox as a client sees it: GET /api/dev/mailbox, newest first. */
export async function mailbox(app: TestApp): Promise<MailboxEntry[]> {
  const res = await app.http.get(apiPaths.devMailbox).expect(200);
  return (res.body as { messages: MailboxEntry[] }).messages;
}

export async function mailTo(app: TestApp, to: string): Promise<MailboxEntry[]> {
  return (await mailbox(app)).filter((message) => message.to === to);
}

export type LinkPage = "verify-email" | "reset-password" | "confirm-email";

/** The tokens of the `page` links mailed to `to`, newest first, read from the text parts. */
export async function linkTokensFor(app: TestApp, to: string, page: LinkPage): Promise<string[]> {
  const pattern = new RegExp(`${escape(app.config.appUrl)}/${page}#token=([A-Za-z0-9_-]+)`);
  return (await mailTo(app, to)).flatMap((message) => pattern.exec(message.text)?.[1] ?? []);
}

/**
 * Waits for the `count`-th link of `page` to `to` and returns the newest. Some mail is
 * queued after the answer (forgot password), so a test waits for it rather than sleeps.
 */
export async function waitForLink(
  app: TestApp,
  to: string,
  page: LinkPage,
  count = 1,
): Promise<string> {
  let tokens: string[] = [];
  await waitFor(async () => (tokens = await linkTokensFor(app, to, page)).length >= count, {
    what: `link ${count} of ${page} mailed to ${to}`,
  });
  return tokens[0]!;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

import { apiPaths, DevMailboxResponse } from "@jwt-auth/shared";
import { defineRoute, type Route } from "../http/route.js";
import { openedRow } from "../mail/outbox-seal.js";
import type { OutboxStore } from "../store/outbox-store.js";

const MAILBOX_SIZE = 100;

/**
 * The development mailbox: the outbox, read back, so the mailed links work on a machine
 * with no mail server. Mounted only while DEV_MAILBOX is on; off (the production default)
 * the path is an ordinary 404.
 */
export function devMailboxRoutes(deps: { outbox: OutboxStore; sealKey: Buffer }): Route[] {
  return [
    defineRoute({
      method: "get",
      path: apiPaths.devMailbox,
      operationId: "devMailbox",
      tag: "dev",
      summary: "Read the development mailbox",
      description:
        "The latest messages of the outbox, newest first. Only when `DEV_MAILBOX` is on (the default outside production); 404 otherwise.",
      auth: "none",
      responses: { 200: { description: "The messages", body: DevMailboxResponse } },
      handler: async ({ res }) => {
        // The mailbox shows each message as it was sent, link included.
        const rows = (await deps.outbox.latest(MAILBOX_SIZE)).map((row) =>
          openedRow(deps.sealKey, row),
        );
        res.json({
          messages: rows.map((row) => ({
            id: row.id,
            to: row.to_address,
            subject: row.subject,
            text: row.text,
            html: row.html,
            sentAt: new Date(row.created_at).toISOString(),
          })),
        });
      },
    }),
  ];
}

import { decryptSecret, encryptSecret } from "../mfa/secret-cipher.js";
import type { OutboxRow } from "../store/outbox-store.js";

export interface MailBody {
  text: string;
  html: string;
}

/**
 * A waiting message's text and html, link included, AES-256-GCM under the outbox key with
 * the message's id as additional data (a sealed body moved to another row does not open).
 */
export function sealMailBody(key: Buffer, messageId: string, body: MailBody): string {
  return encryptSecret(key, messageId, JSON.stringify(body));
}

export function openMailBody(key: Buffer, messageId: string, sealed: string): MailBody {
  return JSON.parse(decryptSecret(key, messageId, sealed)) as MailBody;
}

/** What stays readable in `text` and `html`, before and after delivery, in place of the link. */
export const LINK_REMOVED = "(the link is only in the message that was sent)";

/**
 * A row as it is to be sent or shown: its sealed body, link included, opened. Under another
 * key (MFA_ENCRYPTION_KEY replaced while mail waited) the body does not open: the message
 * goes out as stored, without its link, rather than never.
 */
export function openedRow(key: Buffer, row: OutboxRow): OutboxRow {
  if (row.sealed === null) return row;
  try {
    return { ...row, ...openMailBody(key, row.id, row.sealed) };
  } catch {
    return row;
  }
}

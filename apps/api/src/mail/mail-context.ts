import { hkdfSync } from "node:crypto";

/** What queuing a message needs besides the message: the app's name and the sealing key. */
export interface MailContext {
  appName: string;
  /**
   * Seals a waiting message's link (outbox-seal.ts): derived from MFA_ENCRYPTION_KEY, so a
   * copy of the database without the key yields no working link.
   */
  sealKey: Buffer;
}

/** The outbox's own key, derived from the key that protects the second factors. */
export function outboxSealKeyFrom(mfaKey: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", mfaKey, "jwt-auth", "outbox-link-sealing", 32));
}

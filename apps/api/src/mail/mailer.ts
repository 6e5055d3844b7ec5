/** One message as it leaves the outbox. */
export interface OutgoingMail {
  /** The outbox row's id, sent as the Message-ID so a receiver can spot a redelivery. */
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * The port the delivery loop sends through. SMTP (nodemailer) is the one adapter the app
 * ships; anything that can send one message and say whether it did can stand in for it.
 */
export interface Mailer {
  /** Resolves once the server took the message; rejects when it did not. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * Every message the app sends, in one place. Each is short, names the app, carries its
 * link as a plain URL in the text part, and says what to do if it wasn't you.
 */
export type MailTemplate =
  | "verify_email"
  | "password_reset"
  | "password_changed"
  | "email_change_confirm"
  | "email_change_notice"
  | "mfa_enabled"
  | "mfa_disabled"
  | "backup_codes_regenerated"
  | "passkey_added"
  | "account_deleted";

export interface MailData {
  /** The link to act on, for the messages that have one. */
  link?: string;
  /** The new address, for the notice to the old one. */
  newEmail?: string;
  /** A passkey's name. */
  passkeyName?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

interface Template {
  subject: string;
  /** Paragraphs; the link, when there is one, follows them. */
  body: (data: MailData) => string[];
  action?: string;
  notYou: string;
}

const SECURE_ACCOUNT =
  "If this wasn't you, reset your password now and review your sessions on the security page.";

const templates: Record<MailTemplate, Template> = {
  verify_email: {
    subject: "Verify your email address",
    body: () => ["Confirm that this address is yours to finish setting up your account."],
    action: "Verify my email",
    notYou:
      "If you didn't create an account, ignore this message: nothing happens without the link.",
  },
  password_reset: {
    subject: "Reset your password",
    body: () => [
      "Someone asked to reset the password of your account. The link works once, for a short time.",
    ],
    action: "Set a new password",
    notYou: "If you didn't ask, ignore this message: your password stays as it is.",
  },
  password_changed: {
    subject: "Your password was changed",
    body: () => ["The password of your account was just changed. Other devices were signed out."],
    notYou: SECURE_ACCOUNT,
  },
  email_change_confirm: {
    subject: "Confirm your new email address",
    body: () => ["Confirm this address to make it the email of your account."],
    action: "Confirm my new email",
    notYou: "If you didn't ask for this, ignore this message: nothing changes without the link.",
  },
  email_change_notice: {
    subject: "Your email address is being changed",
    body: (data) => [
      `Someone asked to change the email of your account to ${data.newEmail ?? "another address"}.`,
      "It changes only when the new address is confirmed.",
    ],
    action: "This wasn't me: cancel the change and sign out everywhere",
    notYou: SECURE_ACCOUNT,
  },
  mfa_enabled: {
    subject: "Two-factor authentication is on",
    body: () => ["Your account now asks for a code from your authenticator app at sign-in."],
    notYou: SECURE_ACCOUNT,
  },
  mfa_disabled: {
    subject: "Two-factor authentication was turned off",
    body: () => ["Your account no longer asks for a code at sign-in."],
    notYou: SECURE_ACCOUNT,
  },
  backup_codes_regenerated: {
    subject: "New backup codes were created",
    body: () => ["Your previous backup codes no longer work."],
    notYou: SECURE_ACCOUNT,
  },
  passkey_added: {
    subject: "A passkey was added to your account",
    body: (data) => [
      `A passkey${data.passkeyName ? ` named "${data.passkeyName}"` : ""} can now sign in to your account.`,
    ],
    notYou: SECURE_ACCOUNT,
  },
  account_deleted: {
    subject: "Your account was deleted",
    body: () => ["Your account and everything stored with it were deleted. Goodbye."],
    notYou: "If this wasn't you, contact us at once.",
  },
};

export function renderMail(template: MailTemplate, data: MailData, appName: string): RenderedMail {
  const t = templates[template];
  const paragraphs = t.body(data);
  const text = [
    ...paragraphs,
    ...(t.action && data.link ? [`${t.action}: ${data.link}`] : []),
    t.notYou,
    `— ${appName}`,
  ].join("\n\n");
  const html = [
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(t.action && data.link
      ? [
          `<p><a href="${escapeHtml(data.link)}">${escapeHtml(t.action)}</a></p>`,
          `<p>Or open this address: ${escapeHtml(data.link)}</p>`,
        ]
      : []),
    `<p>${escapeHtml(t.notYou)}</p>`,
    `<p>— ${escapeHtml(appName)}</p>`,
  ].join("\n");
  return { subject: `${t.subject} · ${appName}`, text, html };
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

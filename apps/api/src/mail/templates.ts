/**
 * Every message the app sends, in one place. Each is short, names the app, gives its link
 * (if any) as a plain URL in the text part, and says what to do if it wasn't you.
 * Rendered when the message is written to the outbox, so what was sent is what is stored.
 */

export interface MailData {
  verify_email: { name: string; link: string };
  password_reset: { name: string; link: string };
  password_changed: { name: string };
  email_change_confirm: { name: string; link: string; newEmail: string };
  email_change_notice: { name: string; newEmail: string };
  mfa_enabled: { name: string };
  mfa_disabled: { name: string };
  backup_codes_regenerated: { name: string };
  passkey_added: { name: string };
  account_deleted: { name: string };
}

export type MailTemplate = keyof MailData;

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailApp {
  name: string;
  /** The web app's public URL, without a trailing slash. */
  url: string;
}

/** One message before it is laid out: a few paragraphs, at most one link. */
interface Draft {
  subject: string;
  paragraphs: string[];
  link?: { label: string; href: string };
  notYou: string;
}

type Drafts = { [T in MailTemplate]: (data: MailData[T], app: MailApp) => Draft };

const secureAccount = (app: MailApp) =>
  `If this wasn't you, reset your password at ${app.url}/forgot-password and review your devices on your security page.`;

const drafts: Drafts = {
  verify_email: (data, app) => ({
    subject: `Verify your email for ${app.name}`,
    paragraphs: [`Hi ${data.name},`, "Confirm that this address is yours. The link works once."],
    link: { label: "Verify my email", href: data.link },
    notYou: `If you didn't create an account at ${app.name}, ignore this message.`,
  }),
  password_reset: (data, app) => ({
    subject: `Reset your ${app.name} password`,
    paragraphs: [
      `Hi ${data.name},`,
      "Someone asked to reset the password of your account. The link works once, for a short time.",
    ],
    link: { label: "Set a new password", href: data.link },
    notYou: "If this wasn't you, ignore this message: your password stays as it is.",
  }),
  password_changed: (data, app) => ({
    subject: `Your ${app.name} password was changed`,
    paragraphs: [`Hi ${data.name},`, "The password of your account has just been changed."],
    notYou: secureAccount(app),
  }),
  email_change_confirm: (data, app) => ({
    subject: `Confirm your new email for ${app.name}`,
    paragraphs: [
      `Hi ${data.name},`,
      `Confirm that ${data.newEmail} should become the email of your account. Nothing changes until you do.`,
    ],
    link: { label: "Confirm my new email", href: data.link },
    notYou: "If you didn't ask for this, ignore this message.",
  }),
  email_change_notice: (data, app) => ({
    subject: `A new email was requested for your ${app.name} account`,
    paragraphs: [
      `Hi ${data.name},`,
      `Someone asked to change the email of your account to ${data.newEmail}. It changes only when that address confirms it.`,
    ],
    notYou: secureAccount(app),
  }),
  mfa_enabled: (data, app) => ({
    subject: `Two-factor authentication is on for ${app.name}`,
    paragraphs: [`Hi ${data.name},`, "Two-factor authentication was turned on for your account."],
    notYou: secureAccount(app),
  }),
  mfa_disabled: (data, app) => ({
    subject: `Two-factor authentication is off for ${app.name}`,
    paragraphs: [`Hi ${data.name},`, "Two-factor authentication was turned off for your account."],
    notYou: secureAccount(app),
  }),
  backup_codes_regenerated: (data, app) => ({
    subject: `New backup codes for ${app.name}`,
    paragraphs: [
      `Hi ${data.name},`,
      "New backup codes were made for your account; the old ones no longer work.",
    ],
    notYou: secureAccount(app),
  }),
  passkey_added: (data, app) => ({
    subject: `A passkey was added to your ${app.name} account`,
    paragraphs: [`Hi ${data.name},`, "A new passkey can now sign in to your account."],
    notYou: secureAccount(app),
  }),
  account_deleted: (data, app) => ({
    subject: `Your ${app.name} account was deleted`,
    paragraphs: [
      `Hi ${data.name},`,
      "Your account and everything stored with it have been deleted.",
    ],
    notYou: `If this wasn't you, reply to this message: the account can't be restored, but we want to know.`,
  }),
};

export function renderMail<T extends MailTemplate>(
  template: T,
  data: MailData[T],
  app: MailApp,
): RenderedMail {
  const draft = drafts[template](data, app);
  return { subject: draft.subject, text: toText(draft, app), html: toHtml(draft, app) };
}

function toText(draft: Draft, app: MailApp): string {
  const parts = [...draft.paragraphs];
  if (draft.link) parts.push(`${draft.link.label}:\n${draft.link.href}`);
  parts.push(draft.notYou, `— ${app.name}`);
  return `${parts.join("\n\n")}\n`;
}

function toHtml(draft: Draft, app: MailApp): string {
  const parts = draft.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`);
  if (draft.link) {
    const href = escapeHtml(draft.link.href);
    parts.push(
      `<p><a href="${href}">${escapeHtml(draft.link.label)}</a></p>`,
      `<p style="color:#555;font-size:13px">Or open this address: ${href}</p>`,
    );
  }
  parts.push(
    `<p style="color:#555">${escapeHtml(draft.notYou)}</p>`,
    `<p>— ${escapeHtml(app.name)}</p>`,
  );
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${parts.join("")}</body></html>`;
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

// A user's name goes into the HTML part: it must never become markup.
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

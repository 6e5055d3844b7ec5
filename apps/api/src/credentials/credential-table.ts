import { CREDENTIAL_RULES, type CredentialEvent } from "./credential-rules.js";

/**
 * CREDENTIAL_RULES as the Markdown table docs/account-security.md prints (between its
 * `credential-rules` markers), so the doc is written from the code and a test can hold them
 * together: `npm run doc:credential-rules -w @jwt-auth/api` prints it.
 */
export function credentialRulesTable(): string {
  const rows = (Object.keys(CREDENTIAL_RULES) as CredentialEvent[]).map((event) => {
    const rule = CREDENTIAL_RULES[event];
    return [
      `\`${event}\``,
      rule.links.length ? rule.links.map((l) => `\`${l}\``).join(", ") : "—",
      rule.mfaTokens ? "end" : "—",
      rule.challenges ? "end" : "—",
      { all: "all end", others: "all but this one end", none: "—" }[rule.sessions],
      rule.activity ? `\`${rule.activity}\`` : "—",
      rule.notice ? `\`${rule.notice}\`` : "—",
    ];
  });
  const header = [
    "event",
    "pending links that die",
    "mfaTokens",
    "WebAuthn challenges",
    "sessions",
    "activity",
    "notice",
  ];
  return [header, header.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

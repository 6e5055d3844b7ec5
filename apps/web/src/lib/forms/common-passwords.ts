/**
 * The list of common passwords the API refuses (zxcvbn-ts's, about 30,000 entries), for the
 * new-password checklist. It is big (about 200 kB gzip), so it loads only when someone starts
 * choosing a new password, never with the login page; until then the checklist says nothing
 * about that rule, and the server still has the last word.
 */
let loading: Promise<(lowered: string) => boolean> | undefined;

export function loadCommonPasswords(): Promise<(lowered: string) => boolean> {
  loading ??= import("@zxcvbn-ts/language-common/dist/passwords.json.mjs").then(
    ({ default: passwords }: { default: string[] }) => {
      const set = new Set(passwords.map((password) => password.toLowerCase()));
      return (lowered: string) => set.has(lowered);
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

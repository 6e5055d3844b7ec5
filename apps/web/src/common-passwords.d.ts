// The package's dictionary file, imported alone (its index also pulls in the diceware list and
// the keyboard graphs, which the password checklist does not need).
declare module "@zxcvbn-ts/language-common/dist/passwords.json.mjs" {
  const passwords: string[];
  export default passwords;
}

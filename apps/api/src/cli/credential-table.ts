import { credentialRulesTable } from "../credentials/credential-table.js";

// Prints the credential events' table for docs/account-security.md.
process.stdout.write(`${credentialRulesTable()}\n`);

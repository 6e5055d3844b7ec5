import { parseArgs } from "node:util";
import { startDevProvider } from "../dev-idp/start-dev-provider.js";

/**
 * `npm run dev:idp`: a real OpenID Provider on loopback with a demo user, so "Continue with
 * Demo IdP" works on a laptop with no account anywhere. It prints the environment lines
 * that point the app at it. Options: --port (default 4400, 0 for any free port) and
 * --app-url (the app's APP_URL, default http://localhost:3000; the Vite dev server's URL
 * works too).
 */
const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4400" },
    "app-url": { type: "string", default: "http://localhost:3000" },
    "client-id": { type: "string", default: "jwt-auth-demo" },
    "client-secret": { type: "string", default: "demo-client-secret-for-loopback-only" },
  },
});

const appUrls = values["app-url"].split(",").map((url) => url.trim().replace(/\/$/, ""));
const provider = await startDevProvider({
  port: Number(values.port),
  clientId: values["client-id"],
  clientSecret: values["client-secret"],
  redirectUris: appUrls.map((url) => `${url}/api/auth/oidc/demo/callback`),
  accounts: { demo: { email: "demo@example.test", emailVerified: true, name: "Demo User" } },
});

console.log(`Demo OpenID Provider listening on ${provider.issuer}`);
console.log("Start the app with these variables in its environment (see .env.example):\n");
console.log("OIDC_PROVIDERS=demo");
console.log(`OIDC_DEMO_ISSUER=${provider.issuer}`);
console.log(`OIDC_DEMO_CLIENT_ID=${values["client-id"]}`);
console.log(`OIDC_DEMO_CLIENT_SECRET=${values["client-secret"]}`);
console.log('OIDC_DEMO_NAME="Demo IdP"');
console.log(`APP_URL=${appUrls[0]}`);
console.log(
  '\nThen click "Continue with Demo IdP" and sign in at the provider as "demo" (any password).',
);

const stop = () => void provider.close().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);

import { parseArgs } from "node:util";

/**
 * `npm run dev:idp`: a real OpenID Provider on loopback with a demo user, so "Continue with
 * Demo IdP" works on a laptop with no account anywhere. It prints the environment lines
 * that point the app at it.
 */
const USAGE = `Usage: npm run dev:idp -- [options]

Starts a demo OpenID Provider on 127.0.0.1 with the user "demo" (any password) and prints
the variables that point the app at it.

Options:
  --port <port>          port to listen on (default 4400; 0 for any free port)
  --app-url <url>[,...]  the app's APP_URL, where the provider sends people back
                         (default http://localhost:3000; with npm run dev, Vite's URL)
  --client-id <id>       client id the app uses (default jwt-auth-demo)
  --client-secret <s>    client secret the app uses (default: a fixed loopback-only one)
  -h, --help             show this text

On Node.js 20, oidc-provider prints "Unsupported runtime. Use Node.js v22.x LTS": it runs
all the same; the warning goes away on Node.js 22 or later.`;

function usageError(message: string): never {
  console.error(`dev:idp: ${message} (see npm run dev:idp -- --help)`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: "string", default: "4400" },
      "app-url": { type: "string", default: "http://localhost:3000" },
      "client-id": { type: "string", default: "jwt-auth-demo" },
      "client-secret": { type: "string", default: "demo-client-secret-for-loopback-only" },
      help: { type: "boolean", short: "h", default: false },
    },
  }));
} catch (err) {
  usageError(err instanceof Error ? err.message : String(err));
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  usageError(`--port must be a port number, not "${values.port}"`);
}
for (const url of values["app-url"].split(",")) {
  if (!URL.canParse(url.trim())) usageError(`--app-url must be a URL, not "${url.trim()}"`);
}

// Loaded once the arguments are good: oidc-provider prints its runtime warning on import.
const { startDevProvider } = await import("../dev-idp/start-dev-provider.js");
const appUrls = values["app-url"].split(",").map((url) => url.trim().replace(/\/$/, ""));
const provider = await startDevProvider({
  port,
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

import helmet from "helmet";
import { fixedHeaders } from "./fixed-headers.js";

/**
 * helmet with a strict Content-Security-Policy. The access token sits in localStorage,
 * where any script on the page could read it, so the page may run only its own bundled
 * scripts: no inline script, no other origin, no eval, no framing by other sites.
 */
export function securityHeaders(options: { production: boolean }) {
  // The same headers on every response, so they are worked out once: see fixed-headers.ts.
  return fixedHeaders(helmetFor(options));
}

function helmetFor(options: { production: boolean }) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(options.production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: options.production
      ? { maxAge: 31_536_000, includeSubDomains: true }
      : false,
  });
}

import type { RequestHandler } from "express";
import helmet from "helmet";
import { fixedHeaders } from "./fixed-headers.js";

/** JSON answers: the API's routes and JWKS. The API reference page is a page, not JSON. */
const JSON_PATHS = /^\/(api|\.well-known)(\/|\?|$)/;
const PAGE_UNDER_API = /^\/api\/docs(\/|\?|$)/;

/**
 * Two header sets. Pages (the SPA, the API reference) get helmet's full set with a strict
 * Content-Security-Policy, per request. JSON answers get only what matters for an API
 * (OWASP REST Security cheat sheet), worked out once: a browser never renders them, so
 * a page policy there would be bytes and time for nothing.
 */
export function securityHeaders(options: { production: boolean }): RequestHandler {
  const json = fixedHeaders(apiHeaders(options));
  const page = pageHeaders(options);
  return (req, res, next) => {
    if (JSON_PATHS.test(req.url) && !PAGE_UNDER_API.test(req.url)) json(req, res, next);
    else page(req, res, next);
  };
}

/**
 * Nothing personal kept by any cache (routes that may be cached, like JWKS, say so
 * themselves); nothing to run, load or frame if a browser is led to open one; no type
 * sniffing; HTTPS only in production.
 */
export function apiHeaders(options: { production: boolean }): Record<string, string> {
  return {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    ...(options.production
      ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" }
      : {}),
  };
}

/**
 * helmet with a strict Content-Security-Policy. The access token sits in localStorage,
 * where any script on the page could read it, so the page may run only its own bundled
 * scripts: no inline script, no other origin, no eval, no framing by other sites.
 */
function pageHeaders(options: { production: boolean }): RequestHandler {
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

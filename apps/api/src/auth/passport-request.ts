import type { Request } from "express";
import type { Authenticator } from "./require-auth.js";

const PASSPORT_METHODS = [
  "login",
  "logIn",
  "logout",
  "logOut",
  "isAuthenticated",
  "isUnauthenticated",
] as const;

/**
 * `passport.authenticate` assigns seven properties to every request it sees (`req.login`,
 * `req.logIn`, …, `req._sessionManager`), the same values each time. Added to an
 * IncomingMessage that already carries dozens, they change its shape on every request and
 * slow down every later property read on it, in Express and here. Declared once on the app's
 * request prototype as accessors that keep the first value, those assignments change nothing
 * and the request keeps its shape; a different value (another Passport) is kept on the request
 * itself, as before.
 */
export function keepPassportOffTheRequest(prototype: Request, passport: Authenticator): void {
  const defaults = new Map<string, unknown>([
    ["_sessionManager", (passport as unknown as { _sm: unknown })._sm],
  ]);
  for (const name of [...PASSPORT_METHODS, "_sessionManager"]) {
    Object.defineProperty(prototype, name, {
      configurable: true,
      get: () => defaults.get(name),
      set(this: Request, value: unknown) {
        if (!defaults.has(name)) defaults.set(name, value);
        else if (defaults.get(name) !== value)
          Object.defineProperty(this, name, {
            value,
            writable: true,
            configurable: true,
            enumerable: true,
          });
      },
    });
  }
}

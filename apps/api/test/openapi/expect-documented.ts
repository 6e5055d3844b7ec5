import { PROBLEM_CONTENT_TYPE, ProblemDetails, REFRESH_COOKIE_NAME } from "@jwt-auth/shared";
import type { Response } from "supertest";
import { expect } from "vitest";
import type { DocumentedResponse, HttpMethod, Route } from "../../src/http/route.js";
import { genericResponses } from "../../src/openapi/common-responses.js";
import { documentedResponses } from "../../src/openapi/documented-responses.js";

/** Every (method path status) a test has checked, to prove each operation was exercised. */
export const checked = new Set<string>();

let routes: readonly Route[] = [];

/** The declared routes of the app under test: what the document says. */
export function useDocumentedRoutes(declared: readonly Route[]): void {
  routes = declared;
}

/** A concrete path (`/api/user/sessions/abc`) matched against the templates (`{id}`). */
function matches(template: string, path: string): boolean {
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{\w+\}/g, "[^/]+");
  return new RegExp(`^${pattern}$`).test(path);
}

/**
 * What the OpenAPI document promises for this method, path and status. A documented
 * operation answers with its own statuses (or an unexpected 500); a known path with another
 * method answers 405; an unknown path answers 404.
 */
export function documentedResponse(
  method: string,
  path: string,
  status: number,
): DocumentedResponse {
  const operation = routes.find((o) => matches(o.path, path) && o.method === method);
  if (operation) {
    const response =
      documentedResponses(operation)[status] ??
      (status === 500 ? genericResponses[500] : undefined);
    if (!response)
      throw new Error(
        `${method.toUpperCase()} ${path} answered ${status}, which the document does not list`,
      );
    return response;
  }
  const knownPath = routes.some((o) => matches(o.path, path));
  if (knownPath && status === 405) return genericResponses[405];
  if (!knownPath && status === 404) return genericResponses[404];
  throw new Error(
    `${method.toUpperCase()} ${path} answered ${status}, which the document does not cover`,
  );
}

/**
 * Asserts that a real response is what the document says: its media type, its body parsed
 * by the very zod schema the document was generated from, its problem code among those
 * listed for the status, and its required headers present.
 */
export function expectDocumented(res: Response): void {
  const method = res.request.method.toLowerCase() as HttpMethod;
  const path = new URL(res.request.url).pathname;
  const documented = documentedResponse(method, path, res.status);
  const template = routes.find((o) => matches(o.path, path) && o.method === method)?.path ?? path;
  checked.add(`${method} ${template} ${res.status}`);
  const contentType = String(res.headers["content-type"] ?? "");

  if (documented.problems) {
    expect(contentType).toMatch(new RegExp(`^${PROBLEM_CONTENT_TYPE.replace("+", "\\+")}`));
    const problem = ProblemDetails.parse(JSON.parse(res.text));
    expect(problem.status).toBe(res.status);
    expect(documented.problems).toContain(problem.code);
    if (problem.code.startsWith("token_"))
      expect(res.headers["www-authenticate"]).toMatch(/^Bearer realm="api"/);
  } else if (documented.body) {
    expect(contentType).toMatch(/^application\/json/);
    documented.body.parse(JSON.parse(res.text));
  } else if (documented.html) {
    expect(contentType).toMatch(/^text\/html/);
  } else {
    expect(res.text ?? "").toBe("");
  }

  for (const header of documented.headers ?? []) {
    const cookies = ([] as string[]).concat(res.headers["set-cookie"] ?? []);
    const refreshCookie = cookies.find((c) => c.startsWith(`${REFRESH_COOKIE_NAME}=`));
    switch (header) {
      case "SetRefreshCookie":
        expect(refreshCookie).toMatch(
          new RegExp(`^${REFRESH_COOKIE_NAME}=[A-Za-z0-9_-]{43};.*HttpOnly.*SameSite=Strict`),
        );
        break;
      case "ClearRefreshCookie":
        expect(refreshCookie).toMatch(
          new RegExp(`^${REFRESH_COOKIE_NAME}=;.*Expires=Thu, 01 Jan 1970`),
        );
        break;
      case "RetryAfter":
        expect(Number(res.headers["retry-after"])).toBeGreaterThanOrEqual(1);
        expect(Number(res.headers["retry-after"])).toBeLessThanOrEqual(3600);
        break;
      case "Allow":
        expect(res.headers.allow).toMatch(/^[A-Z]+(, [A-Z]+)*$/);
        break;
      case "WwwAuthenticate":
        // Checked above with the code: only token_* problems carry the challenge.
        break;
      case "ContentDisposition":
        expect(res.headers["content-disposition"]).toMatch(/^attachment/);
        break;
      case "Location":
        expect(res.headers.location).toBeTruthy();
        break;
    }
  }
}

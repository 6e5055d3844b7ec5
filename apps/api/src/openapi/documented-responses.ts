import type { ErrorCode } from "@jwt-auth/shared";
import type { DocumentedResponse, Route } from "../http/route.js";
import { bearerRejected, crossSite, notFresh } from "./common-responses.js";

/**
 * Every status a route can answer: what it declares, plus what the registry adds by
 * itself — 400/413/415 for a route that takes input, the bearer 401 for a protected
 * route (with `reauthentication_required` on a fresh one), 403 `cross_site_request` for
 * a route a cookie authenticates. Used by the document and by
 * the tests that check real answers against it.
 */
export function documentedResponses(route: Route): Record<number, DocumentedResponse> {
  const out: Record<number, DocumentedResponse> = { ...route.responses };
  if (route.body || route.query || route.params) {
    const problems: ErrorCode[] = [
      "validation_failed",
      ...(route.body ? ["malformed_json" as const] : []),
    ];
    out[400] = merge(out[400], {
      description: "The input fails the schema; `errors` maps each field to its messages.",
      problems,
    });
  }
  if (route.body) {
    out[413] ??= {
      description: "The JSON body is larger than 100 kB.",
      problems: ["payload_too_large"],
    };
    out[415] ??= {
      description: "The body is not `application/json` (UTF-8).",
      problems: ["unsupported_media_type"],
    };
  }
  if (route.auth === "refresh-cookie" || route.auth === "optional-bearer") {
    out[403] = merge(out[403], crossSite);
  }
  if (route.auth === "bearer" || route.auth === "fresh") {
    out[401] = merge(out[401], bearerRejected);
  }
  if (route.role !== undefined) {
    out[403] = merge(out[403], {
      description: `\`forbidden\`: the access token's \`roles\` claim does not hold \`${route.role}\`.`,
      problems: ["forbidden"],
    });
  }
  if (route.auth === "fresh") {
    out[401] = merge(out[401], {
      description: notFresh,
      problems: ["reauthentication_required"],
      headers: ["WwwAuthenticate"],
    });
  }
  return out;
}

/** Two descriptions of one status: the route's own words first, the problem codes of both. */
function merge(
  declared: DocumentedResponse | undefined,
  added: DocumentedResponse,
): DocumentedResponse {
  if (!declared) return added;
  const problems = [...new Set([...(declared.problems ?? []), ...(added.problems ?? [])])];
  const headers = [...new Set([...(declared.headers ?? []), ...(added.headers ?? [])])];
  return {
    ...declared,
    description: declared.description.includes(added.description)
      ? declared.description
      : `${declared.description} ${added.description}`,
    ...(problems.length ? { problems } : {}),
    ...(headers.length ? { headers } : {}),
  };
}

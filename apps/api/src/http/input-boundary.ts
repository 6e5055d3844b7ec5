import { isUtf8 } from "node:buffer";
import type { RequestHandler } from "express";
import { AppError } from "./app-error.js";

/**
 * The one input boundary: every string a request brings in its path, its query or its
 * JSON body is valid Unicode text without control characters, or the request is refused
 * with a 400 `validation_failed` naming where, before any guard, limit or service sees it.
 *
 * Without it, a bad escape in a path (`%ZZ`, `%FF`, the overlong `%C0%AF`) made the router
 * throw, and a NUL in an id reached PostgreSQL, which refuses it in text (SQLSTATE 22021):
 * both answered 500. No field of the API takes a control character: names, emails, ids,
 * tokens and codes are single-line text, though a body's text may carry the whitespace its
 * schema trims away (a tab or a newline after an email typed into a form). Passwords alone
 * are verified exactly as sent, so they keep every character but lone surrogates (which are
 * not text and do not survive UTF-8); they reach the hash, never a store.
 */

/** C0 controls, DEL and C1 controls: Unicode's general category Cc. */
const CONTROL = /\p{Cc}/u;
/** In a body's text: a control character other than the whitespace a schema trims. */
const BODY_CONTROL = /(?![\t\n\r])\p{Cc}/u;
/** A surrogate not in a pair: with the `u` flag, a pair is one code point and does not match. */
const LONE_SURROGATE = /[\ud800-\udfff]/u;
/** What a URL carries on the wire before decoding: printable ASCII only (RFC 3986). */
const WIRE = /^[\u0021-\u007e]*$/;

/** Body fields a user types a secret into: checked for lone surrogates only. */
const PASSWORD_FIELDS: ReadonlySet<string> = new Set([
  "password",
  "currentPassword",
  "newPassword",
]);

const MESSAGE = {
  encoding: "must be valid UTF-8 text",
  control: "must not contain control characters",
} as const;

/**
 * A `validation_failed` problem under the field's dotted path, its message worded as the
 * schemas word theirs: "Name must not contain control characters".
 */
function invalid(where: string, message: string): AppError {
  const last = where.split(".").at(-1) ?? "";
  const subject = /^\d*$/.test(last) ? "Value" : last.charAt(0).toUpperCase() + last.slice(1);
  return AppError.of("validation_failed", { errors: { [where]: [`${subject} ${message}`] } });
}

/** Why a decoded string is refused, or undefined when it is fine. */
function problemOf(value: string, kind: "url" | "body" | "password" = "url"): string | undefined {
  if (LONE_SURROGATE.test(value)) return MESSAGE.encoding;
  if (kind === "password") return undefined;
  return (kind === "body" ? BODY_CONTROL : CONTROL).test(value) ? MESSAGE.control : undefined;
}

/** decodeURIComponent, with the code point check it lacks: undefined when not UTF-8 text. */
function decode(component: string): string | undefined {
  try {
    return decodeURIComponent(component);
  } catch {
    return undefined; // a bad escape, or bytes that are not UTF-8 (%FF, overlong %C0%AF, %ED%A0%80)
  }
}

/**
 * The paths checked: the API's and the well-known documents', matched on the path the router
 * routes by (absolute-form request targets included) and as it matches a mount path: in any
 * case, the prefix followed by `/` or nothing. The SPA's pages and files are served from the
 * build as they are.
 */
const CHECKED = /^\/(?:api|\.well-known)(?:\/|$)/i;

/**
 * Path and query, before routing: each path segment and each query name and value is
 * decoded on its own and checked. Mounted once, ahead of every route, so it does not depend
 * on how routes are declared or matched. It picks its paths itself rather than being
 * mounted at them: a mount path makes Express rewrite `req.url` and put it back for every
 * request under it.
 */
export const checkPathAndQuery: RequestHandler = (req, _res, next) => {
  if (!CHECKED.test(req.path)) return next();
  const url = req.originalUrl;
  const mark = url.indexOf("?");
  const path = mark === -1 ? url : url.slice(0, mark);
  const query = mark === -1 ? "" : url.slice(mark + 1);
  next(pathProblem(path) ?? queryProblem(query));
};

function pathProblem(path: string): AppError | undefined {
  if (!WIRE.test(path)) return invalid("path", MESSAGE.encoding);
  for (const segment of path.split("/")) {
    const decoded = decode(segment);
    if (decoded === undefined) return invalid("path", MESSAGE.encoding);
    const problem = problemOf(decoded);
    if (problem) return invalid("path", problem);
  }
  return undefined;
}

function queryProblem(query: string): AppError | undefined {
  if (query === "") return undefined;
  if (!WIRE.test(query)) return invalid("query", MESSAGE.encoding);
  for (const pair of query.split("&")) {
    const equals = pair.indexOf("=");
    const rawName = equals === -1 ? pair : pair.slice(0, equals);
    const rawValue = equals === -1 ? "" : pair.slice(equals + 1);
    const name = decode(rawName.replaceAll("+", " "));
    // A name that cannot be decoded cannot be named: the problem is the query's.
    if (name === undefined || problemOf(name)) return invalid("query", MESSAGE.encoding);
    const value = decode(rawValue.replaceAll("+", " "));
    if (value === undefined) return invalid(name, MESSAGE.encoding);
    const problem = problemOf(value);
    if (problem) return invalid(name, problem);
  }
  return undefined;
}

/**
 * The raw bytes of a JSON body, before they are decoded: body-parser would turn bytes that
 * are not UTF-8 into U+FFFD and go on. Used as the JSON parser's `verify`; other charsets
 * (UTF-16) decode to strings the walk below checks.
 */
export function verifyUtf8Body(
  req: { headers: Record<string, string | string[] | undefined> },
  _res: unknown,
  buffer: Buffer,
): void {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(String(req.headers["content-type"]))?.[1];
  if ((charset === undefined || /^utf-?8$/i.test(charset)) && !isUtf8(buffer))
    throw invalid("body", MESSAGE.encoding);
}

/**
 * The parsed JSON body, walked: every string value and every property name. Returns the
 * problem to answer with, naming the field by its dotted path, or undefined.
 */
export function bodyProblem(body: unknown): AppError | undefined {
  const found = walk(body);
  return found && invalid(found.path, found.message);
}

interface Node {
  value: unknown;
  key: string | undefined;
  parent: Node | undefined;
}

/** Depth-first, without recursion: a 100 kB body can nest 50,000 arrays deep. */
function walk(root: unknown): { path: string; message: string } | undefined {
  const stack: Node[] = [{ value: root, key: undefined, parent: undefined }];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const { value } = node;
    if (typeof value === "string") {
      const problem = problemOf(value, PASSWORD_FIELDS.has(node.key ?? "") ? "password" : "body");
      if (problem) return { path: pathOf(node), message: problem };
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    const entries: Array<[string, unknown]> = Array.isArray(value)
      ? value.map((item, index) => [String(index), item])
      : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i]!;
      const keyProblem = problemOf(key);
      if (keyProblem) return { path: pathOf(node), message: `${keyProblem} in property names` };
      stack.push({ value: item, key, parent: node });
    }
  }
  return undefined;
}

/** `credential.response.clientDataJSON`; `body` for the body itself. */
function pathOf(node: Node): string {
  const keys: string[] = [];
  for (let at: Node | undefined = node; at?.key !== undefined; at = at.parent) keys.push(at.key);
  return keys.length === 0 ? "body" : keys.reverse().join(".");
}

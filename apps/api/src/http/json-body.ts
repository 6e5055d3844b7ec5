import express, { type RequestHandler } from "express";
import { AppError } from "./app-error.js";
import { bodyProblem, verifyUtf8Body } from "./input-boundary.js";

export const JSON_BODY_LIMIT = "100kb";

const parseJson = express.json({
  limit: JSON_BODY_LIMIT,
  strict: true,
  type: isJson,
  verify: verifyUtf8Body,
});

function isJson(req: { headers: Record<string, unknown> }): boolean {
  const type = String(req.headers["content-type"] ?? "");
  return /^application\/([\w.+-]*\+)?json\s*(;|$)/i.test(type);
}

/**
 * Body parsing for routes that take a body: a non-empty body must be JSON (415 otherwise),
 * within the size limit (413), and well formed (400). A body-less request gets `{}` so the
 * schema reports the missing fields instead of a type error. Every string of the parsed body
 * then passes the input boundary (input-boundary.ts) before any schema or service sees it.
 */
export const jsonBody: RequestHandler = (req, res, next) => {
  if (hasBody(req) && !isJson(req)) {
    next(AppError.of("unsupported_media_type"));
    return;
  }
  if (isEncoded(req)) {
    next(
      AppError.of("unsupported_media_type", {
        detail: "Send the body uncompressed",
        headers: { "Accept-Encoding": "identity" },
      }),
    );
    return;
  }
  parseJson(req, res, (err?: unknown) => {
    if (err) return next(err);
    req.body ??= {};
    next(bodyProblem(req.body));
  });
};

/**
 * Credentials and profile fields are a few hundred bytes: compressing them saves nothing,
 * while inflating them would spend CPU before the rate limits run, and a body that only
 * claims to be gzip made the inflater throw a 500. So any coding but `identity` is refused
 * the way RFC 7694 says: 415 with `Accept-Encoding` naming what is taken.
 */
function isEncoded(req: { headers: Record<string, string | string[] | undefined> }): boolean {
  const coding = req.headers["content-encoding"];
  return coding !== undefined && !/^\s*(identity)?\s*$/i.test(String(coding));
}

function hasBody(req: { headers: Record<string, string | string[] | undefined> }): boolean {
  const length = req.headers["content-length"];
  return (length !== undefined && length !== "0") || req.headers["transfer-encoding"] !== undefined;
}

import type { RequestHandler } from "express";

/** Auth and user responses carry tokens and personal data: no cache may keep them. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set("Cache-Control", "no-store");
  res.set("Pragma", "no-cache");
  next();
};

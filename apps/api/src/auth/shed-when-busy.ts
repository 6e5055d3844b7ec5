import type { RequestHandler } from "express";
import type { PasswordHasher } from "./password-hasher.js";

/**
 * For the routes that hash a password: when a hash asked for now would be turned away
 * (every slot taken, the expected wait past its bound), answer the 503 with `Retry-After`
 * at once, before the body is read, validated or looked up. The decision depends on the
 * hashing queue alone, so known and unknown emails get the same answer in the same time,
 * and a storm of clients costs the event loop a few microseconds each, not a JSON parse and
 * a database read. The hasher still refuses on its own (a request admitted here may find the
 * queue full by the time it asks).
 */
export function shedWhenHashingIsFull(hasher: PasswordHasher): RequestHandler {
  return (_req, _res, next) => {
    next(hasher.refusal?.());
  };
}

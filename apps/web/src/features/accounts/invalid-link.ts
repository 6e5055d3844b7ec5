/** What every link page says for an unknown, used, expired or superseded link. */
export const INVALID_LINK =
  "This link is invalid or has expired, or it was already used. Ask for a new one.";

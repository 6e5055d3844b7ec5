/** The two routes bench/src/servers/api-own-routes.ts adds to the API. */
export const OWN_OPEN_PATH = "/bench/open";
export const OWN_PROTECTED_PATH = "/bench/protected";
export const USER_ID_HEADER = "x-bench-user";

import { webPaths } from "@jwt-auth/shared";

/**
 * Every client-side route of the SPA: the shared list, which the API also reads to answer
 * unknown page paths with 404. API URLs live in `apiPaths` from the shared package.
 */
export const paths = webPaths;

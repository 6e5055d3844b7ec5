export * from "./activity.js";
export * from "./api-paths.js";
export * from "./credentials.js";
export * from "./error-codes.js";
export * from "./field-errors.js";
export * from "./responses.js";
export * from "./web-paths.js";
export * from "./oidc.js";

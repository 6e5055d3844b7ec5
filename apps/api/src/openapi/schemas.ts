import {
  AccountExport,
  AdminUser,
  AdminUserDetail,
  AdminUserList,
  AuditPage,
  LockRequest,
  RolesRequest,
  ActivityPage,
  AuthResponse,
  BackupCodesResponse,
  ChangePasswordRequest,
  DisplayName,
  Email,
  ErrorCode,
  HealthResponse,
  IdentitiesResponse,
  LinkIdentityResponse,
  LoginRequest,
  LoginResponse,
  MfaLoginRequest,
  MfaRequiredResponse,
  MfaStatus,
  PasskeyList,
  PasskeyLoginOptions,
  PasskeyLoginRequest,
  PasskeyRegistrationRequest,
  PasskeySummary,
  Password,
  ProblemDetails,
  ReauthenticateRequest,
  ProvidersResponse,
  RegisterRequest,
  SessionList,
  TotpEnableRequest,
  TotpSetupResponse,
  UpdateProfileRequest,
  UserProfile,
} from "@jwt-auth/shared";
import { z } from "zod";

/**
 * The schemas the API reference names, by component name. Request bodies are described as
 * clients send them (zod's input side: before trimming and lower-casing), responses as
 * the API writes them (the output side). The same zod objects validate the requests in
 * the routes and, in the tests, the real responses, so the reference cannot drift.
 */
export const requestSchemas = {
  RegisterRequest,
  LoginRequest,
  UpdateProfileRequest,
  ChangePasswordRequest,
  ReauthenticateRequest,
  MfaLoginRequest,
  TotpEnableRequest,
  PasskeyRegistrationRequest,
  PasskeyLoginRequest,
  LockRequest,
  RolesRequest,
};

/**
 * What the JSON Schema of a request field cannot say by itself: the input side of a zod
 * pipe has no `format`, and normalisation is a transform, not a constraint.
 */
export const fieldNotes = new Map<unknown, { format?: string; description: string }>([
  [
    Email,
    {
      format: "email",
      description:
        "Trimmed, Unicode NFC-normalised and lower-cased before it is stored or looked up.",
    },
  ],
  [
    Password,
    {
      description:
        "8 to 128 characters, used exactly as sent: never trimmed, normalised or truncated.",
    },
  ],
  [DisplayName, { description: "Trimmed; 1 to 100 characters." }],
]);

/** A public verification key (RFC 7517), as `KeyRing.jwks()` exports it. */
const JsonWebKey = z.object({
  kty: z.enum(["EC", "RSA"]),
  kid: z.string(),
  alg: z.enum(["ES256", "RS256"]),
  use: z.literal("sig"),
  crv: z.literal("P-256").optional(),
  x: z.string().optional(),
  y: z.string().optional(),
  n: z.string().optional(),
  e: z.string().optional(),
});

export const JsonWebKeySet = z.object({ keys: z.array(JsonWebKey) });

/** Only the outline of the reference itself: the rest is OpenAPI's own schema. */
export const OpenApiDocument = z.looseObject({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

export const responseSchemas = {
  AdminUser,
  AdminUserDetail,
  AdminUserList,
  AuditPage,
  AuthResponse,
  UserProfile,
  HealthResponse,
  ProblemDetails,
  ErrorCode,
  JsonWebKey,
  JsonWebKeySet,
  OpenApiDocument,
  SessionList,
  ActivityPage,
  AccountExport,
  LoginResponse,
  MfaRequiredResponse,
  MfaStatus,
  TotpSetupResponse,
  BackupCodesResponse,
  PasskeySummary,
  PasskeyList,
  PasskeyLoginOptions,
  ProvidersResponse,
  IdentitiesResponse,
  LinkIdentityResponse,
};

export type RequestSchemaName = keyof typeof requestSchemas;
export type ResponseSchemaName = keyof typeof responseSchemas;

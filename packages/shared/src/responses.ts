import { z } from "zod";

export const UserProfile = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  emailVerified: z.boolean(),
  /** False for an account created through a provider until it sets a password. */
  hasPassword: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type UserProfile = z.infer<typeof UserProfile>;

export const AuthResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal("Bearer"),
  /** Lifetime of `accessToken` in seconds. */
  expiresIn: z.number().int().positive(),
  user: UserProfile,
});
export type AuthResponse = z.infer<typeof AuthResponse>;

export const HealthResponse = z.object({
  status: z.enum(["ok", "unavailable"]),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

/** The claims of an access token: just what protected routes need, nothing secret. */
export const AccessTokenClaims = z.object({
  sub: z.string(),
  email: z.string(),
  name: z.string(),
  sid: z.string(),
  /** When the user last proved a credential (seconds); a refresh keeps it. */
  auth_time: z.number(),
  /** How they proved it (RFC 8176): `["pwd"]`, `["pwd","mfa","otp"]`, `["hwk","user"]`, `["fed"]`. */
  amr: z.array(z.string()),
  email_verified: z.boolean(),
  /** The user's roles (RFC 9068 §2.2.3.1): `["user"]`, `["admin","user"]`. */
  roles: z.array(z.string()),
  jti: z.string(),
  iat: z.number(),
  exp: z.number(),
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
});
export type AccessTokenClaims = z.infer<typeof AccessTokenClaims>;

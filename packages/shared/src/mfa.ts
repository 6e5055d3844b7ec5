import { z } from "zod";
import { AuthResponse } from "./responses.js";

/** A TOTP code (6 digits) or a backup code, as typed: spaces and dashes are ignored. */
export const MfaCode = z
  .string({ error: "Authentication code is required" })
  .trim()
  .min(1, { error: "Authentication code is required" })
  .max(64, { error: "Authentication code is too long" });

export const TotpEnableRequest = z.object({ code: MfaCode });
export type TotpEnableRequest = z.input<typeof TotpEnableRequest>;

export const TotpSetupResponse = z.object({
  /** Base32, for typing into an authenticator app by hand. */
  secret: z.string(),
  otpauthUrl: z.string(),
  /** The otpauth URL as a QR code: an SVG data URL. */
  qrCode: z.string(),
});
export type TotpSetupResponse = z.infer<typeof TotpSetupResponse>;

export const BackupCodesResponse = z.object({ backupCodes: z.array(z.string()) });
export type BackupCodesResponse = z.infer<typeof BackupCodesResponse>;

export const PasskeySummary = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export type PasskeySummary = z.infer<typeof PasskeySummary>;

export const PasskeyList = z.object({ passkeys: z.array(PasskeySummary) });
export type PasskeyList = z.infer<typeof PasskeyList>;

export const MfaStatus = z.object({
  totpEnabled: z.boolean(),
  backupCodesRemaining: z.number().int().min(0),
  passkeys: z.array(PasskeySummary),
});
export type MfaStatus = z.infer<typeof MfaStatus>;

export const MFA_METHODS = ["totp", "backup_code"] as const;

/** A correct password on an account with TOTP on: no session yet, a second step first. */
export const MfaRequiredResponse = z.object({
  mfaRequired: z.literal(true),
  mfaToken: z.string(),
  methods: z.array(z.enum(MFA_METHODS)),
  /** Lifetime of `mfaToken` in seconds. */
  expiresIn: z.number().int().positive(),
});
export type MfaRequiredResponse = z.infer<typeof MfaRequiredResponse>;

export const LoginResponse = z.union([AuthResponse, MfaRequiredResponse]);
export type LoginResponse = z.infer<typeof LoginResponse>;

export const MfaLoginRequest = z.object({
  mfaToken: z.string({ error: "mfaToken is required" }).min(1).max(4096),
  code: MfaCode,
});
export type MfaLoginRequest = z.input<typeof MfaLoginRequest>;

const base64url = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*$/, { error: "must be base64url" });

/** WebAuthn's RegistrationResponseJSON, checked for shape; the API verifies the rest. */
export const WebAuthnRegistrationResponse = z.looseObject({
  id: base64url,
  rawId: base64url,
  type: z.literal("public-key"),
  response: z.looseObject({
    clientDataJSON: base64url,
    attestationObject: base64url,
    transports: z.array(z.string().max(32)).max(10).optional(),
  }),
  clientExtensionResults: z.looseObject({}),
  authenticatorAttachment: z.string().max(32).optional(),
});

/** WebAuthn's AuthenticationResponseJSON, checked for shape; the API verifies the rest. */
export const WebAuthnAuthenticationResponse = z.looseObject({
  id: base64url,
  rawId: base64url,
  type: z.literal("public-key"),
  response: z.looseObject({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
  clientExtensionResults: z.looseObject({}),
  authenticatorAttachment: z.string().max(32).optional(),
});

export const PASSKEY_NAME_MAX_LENGTH = 64;

export const PasskeyRegistrationRequest = z.object({
  response: WebAuthnRegistrationResponse,
  name: z.string().trim().min(1).max(PASSKEY_NAME_MAX_LENGTH).optional(),
});
export type PasskeyRegistrationRequest = z.input<typeof PasskeyRegistrationRequest>;

/** The browser's `navigator.credentials` options, passed through as WebAuthn JSON. */
export const WebAuthnOptions = z.looseObject({ challenge: z.string() });

export const PasskeyLoginOptions = z.object({
  challengeId: z.string(),
  options: WebAuthnOptions,
});
export type PasskeyLoginOptions = z.infer<typeof PasskeyLoginOptions>;

export const PasskeyLoginRequest = z.object({
  challengeId: z.string().min(1).max(64),
  response: WebAuthnAuthenticationResponse,
});
export type PasskeyLoginRequest = z.input<typeof PasskeyLoginRequest>;

export const PasskeyIdParams = z.object({ id: z.string().min(1).max(64) });

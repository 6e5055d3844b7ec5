import type { UserProfile } from "@jwt-auth/shared";
import { hasPassword, type KnownUser } from "./user-store.js";

/** The public face of a user: never the password hash. */
export function toUserProfile(user: KnownUser): UserProfile {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.email_verified_at !== null,
    hasPassword: hasPassword(user),
    createdAt: new Date(user.created_at).toISOString(),
  };
}

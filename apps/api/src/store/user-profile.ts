import type { UserProfile } from "@jwt-auth/shared";
import type { Account } from "./user-store.js";

/** The public face of a user: never the password hash. */
export function toUserProfile(user: Account): UserProfile {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.email_verified_at !== null,
    createdAt: new Date(user.created_at).toISOString(),
  };
}

import { roles as knownRoles, type Role } from "@jwt-auth/shared";

/** The roles column as stored: a sorted JSON list that always holds `user`. */
export const DEFAULT_ROLES = '["user"]';

/** The roles of a user row (the `roles` claim of their tokens); `["user"]` for anything odd. */
export function rolesOf(user: { roles: string }): string[] {
  try {
    const parsed: unknown = JSON.parse(user.roles);
    if (Array.isArray(parsed) && parsed.every((role) => typeof role === "string")) return parsed;
  } catch {
    // A hand-edited row: it gets the default role and nothing more.
  }
  return ["user"];
}

/** A role list in its one stored form: known roles only, `user` always, sorted, no repeats. */
export function normaliseRoles(list: readonly string[]): Role[] {
  const wanted = new Set<string>([...list, "user"]);
  return knownRoles.filter((role) => wanted.has(role)).sort();
}

export function storedRoles(list: readonly string[]): string {
  return JSON.stringify(normaliseRoles(list));
}

export function isAdmin(user: { roles: string }): boolean {
  return rolesOf(user).includes("admin");
}

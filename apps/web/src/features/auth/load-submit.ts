/**
 * The submit code of the auth forms, loaded on demand to keep the login page's first load
 * small (zod and axios are most of its weight and nothing on screen needs them earlier).
 */
export function loadSubmit() {
  return import("./submit-credentials");
}

/** Called when the user first focuses a field, so the chunk is there before they submit. */
export function preloadSubmit(): void {
  // A failure here is reported by the submit that needs the chunk.
  loadSubmit().catch(() => undefined);
}

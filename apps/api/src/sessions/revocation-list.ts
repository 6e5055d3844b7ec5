/**
 * The ids of revoked sessions, in memory, so a protected request is checked against
 * revocation without a database read. An entry is kept until every access token that
 * could carry its `sid` has expired (access lifetime plus clock tolerance), then pruned.
 *
 * The database stays the source of truth: the list is loaded from it at start-up and
 * reloaded whenever the change feed reconnects, so a missed message cannot leave a
 * revoked session alive.
 */
export class RevocationList {
  readonly #revokedAt = new Map<string, number>();
  /** User id -> their roles as of a change, and when: see `claimsLostRole`. */
  readonly #roles = new Map<string, { roles: readonly string[]; at: number }>();
  readonly #retentionMs: number;

  constructor(retentionMs: number) {
    this.#retentionMs = retentionMs;
  }

  isRevoked(sessionId: string): boolean {
    return this.#revokedAt.has(sessionId);
  }

  add(sessionIds: Iterable<string>, revokedAt: number): void {
    for (const id of sessionIds) this.#revokedAt.set(id, revokedAt);
  }

  /**
   * Adds the store's view (start-up and resync). A revocation is never undone, so merging
   * is always right, and an event that arrives while a reload is in flight is not lost.
   */
  merge(entries: Iterable<{ id: string; revokedAt: number }>): void {
    for (const e of entries) this.#revokedAt.set(e.id, e.revokedAt);
  }

  /**
   * A user's roles changed at `at`. Until every token issued before then has expired, a
   * token of theirs that claims a role outside `roles` is refused: removing `admin` takes
   * effect at once, the sessions live on, and a refresh brings a token with the new roles.
   * The latest change wins, whatever order the instances hear of them in.
   */
  setRoles(userId: string, roles: readonly string[], at: number): void {
    const known = this.#roles.get(userId);
    if (known && known.at > at) return;
    this.#roles.set(userId, { roles: [...roles], at });
  }

  /** Whether a token of `userId` claims a role the user has lost within a token's lifetime. */
  claimsLostRole(userId: string, claimed: readonly string[]): boolean {
    if (this.#roles.size === 0) return false;
    const known = this.#roles.get(userId);
    return known !== undefined && claimed.some((role) => !known.roles.includes(role));
  }

  /** The earliest revocation time that still matters at `now`. */
  horizon(now: number): number {
    return now - this.#retentionMs;
  }

  prune(now: number): number {
    const horizon = this.horizon(now);
    let removed = 0;
    for (const [id, at] of this.#revokedAt) {
      if (at < horizon) {
        this.#revokedAt.delete(id);
        removed++;
      }
    }
    for (const [userId, entry] of this.#roles) {
      if (entry.at < horizon) this.#roles.delete(userId);
    }
    return removed;
  }

  get size(): number {
    return this.#revokedAt.size;
  }
}

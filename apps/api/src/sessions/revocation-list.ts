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
    return removed;
  }

  get size(): number {
    return this.#revokedAt.size;
  }
}

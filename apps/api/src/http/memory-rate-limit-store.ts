import type { IncrementResponse, Options, Store } from "express-rate-limit";

const SWEEP_EVERY = 1_000;

/**
 * Fixed windows in this process's memory, for a single instance, on the app's clock (so a
 * test that moves the clock moves the windows too). Ended windows are swept now and then.
 */
export class MemoryRateLimitStore implements Store {
  readonly localKeys = true;
  #windowMs = 60_000;
  #operations = 0;
  readonly #windows = new Map<string, { hits: number; resetAt: number }>();

  constructor(private readonly now: () => number) {}

  init(options: Options): void {
    this.#windowMs = options.windowMs;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const now = this.now();
    if (++this.#operations % SWEEP_EVERY === 0) this.#sweep(now);
    let window = this.#windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { hits: 0, resetAt: now + this.#windowMs };
      this.#windows.set(key, window);
    }
    window.hits++;
    return { totalHits: window.hits, resetTime: new Date(window.resetAt) };
  }

  async get(key: string): Promise<IncrementResponse | undefined> {
    const window = this.#windows.get(key);
    if (!window || window.resetAt <= this.now()) return undefined;
    return { totalHits: window.hits, resetTime: new Date(window.resetAt) };
  }

  async decrement(key: string): Promise<void> {
    const window = this.#windows.get(key);
    if (window && window.hits > 0 && window.resetAt > this.now()) window.hits--;
  }

  async resetKey(key: string): Promise<void> {
    this.#windows.delete(key);
  }

  #sweep(now: number): void {
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key);
  }
}

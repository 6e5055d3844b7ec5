import { availableParallelism } from "node:os";
import { AppError } from "../http/app-error.js";
import { statusOf } from "../http/problem-status.js";

/**
 * At most one argon2id computation per CPU core at a time; the others wait here, in order,
 * and when the wait would be too long the caller is told at once to come back later.
 *
 * @node-rs/argon2 runs on libuv's thread pool, 4 threads unless UV_THREADPOOL_SIZE says
 * otherwise, and an ES module cannot change that on Node 20: the module loader has started
 * the pool (it reads the entry file through it) before the entry's first line runs. With 4
 * hashes at once on a 2-core machine, the hashing threads take the cores from the event
 * loop (measured with `npm run bench`: event-loop delay p99 ~94 ms during a login storm,
 * ~19 ms with 2 at once), each holds 19 MiB, and every file read (static assets) queues in
 * libuv behind all the waiting hashes. More hashes at once than cores do not finish sooner,
 * so waiting here costs no throughput, keeps libuv's queue short for files and DNS, and
 * bounds the memory hashing takes.
 *
 * Shedding: with no bound, a storm of 64 logins queued behind 2 slots answered in 0.9 to
 * 1.3 s, each waiting client holding a socket and a body in memory. A login that would wait
 * longer than `maxWaitMs` (the queue's length times the recent hash time, over the slots) or
 * behind more than `maxQueue` others is answered 503 with `Retry-After` before any hashing,
 * whatever the email: the decision depends on the queue alone, so it tells nothing about
 * which accounts exist.
 */
export interface SlotLimits {
  /** Turn a task away when the expected wait for a slot is longer than this. */
  maxWaitMs?: number;
  /** Turn a task away when this many already wait (a bound that needs no timing). */
  maxQueue?: number;
}

export const DEFAULT_SLOT_LIMITS: Required<SlotLimits> = { maxWaitMs: 1_000, maxQueue: 256 };

/** The hashing slots are all taken and the queue is full: a 503 the client may retry. */
export class SlotsBusyError extends AppError {
  constructor(retryAfterSeconds: number) {
    super(statusOf("service_unavailable"), "service_unavailable", {
      detail: "Too many logins at once, try again in a moment",
      headers: { "Retry-After": String(retryAfterSeconds) },
    });
  }
}

/** How much the newest hash time weighs in the running average. */
const SMOOTHING = 0.2;

export function createArgon2Slots(size = availableParallelism(), limits: SlotLimits = {}) {
  const slots = Math.max(1, size);
  const { maxWaitMs, maxQueue } = { ...DEFAULT_SLOT_LIMITS, ...limits };
  let free = slots;
  let averageMs = 0;
  const waiting: Array<() => void> = [];

  const expectedWaitMs = () => ((waiting.length + 1) * averageMs) / slots;

  /** The answer a task arriving now would get instead of a slot, or undefined. */
  const refusal = (): SlotsBusyError | undefined => {
    if (free > 0) return undefined;
    const wait = expectedWaitMs();
    if (waiting.length < maxQueue && wait <= maxWaitMs) return undefined;
    return new SlotsBusyError(Math.max(1, Math.ceil(wait / 1000)));
  };

  async function inSlot<T>(task: () => Promise<T>): Promise<T> {
    if (free > 0) free--;
    else {
      const refused = refusal();
      if (refused) throw refused;
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    const started = performance.now();
    try {
      return await task();
    } finally {
      const took = performance.now() - started;
      averageMs = averageMs === 0 ? took : averageMs + SMOOTHING * (took - averageMs);
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  }
  /** How many tasks wait for a slot now (the management listener's gauge). */
  const queueLength = () => waiting.length;
  return Object.assign(inSlot, { refusal, queueLength });
}

export type Argon2Slots = ReturnType<typeof createArgon2Slots>;

/** One set of slots per process: the cores are shared by every hasher in it. */
export const inArgon2Slot = createArgon2Slots();

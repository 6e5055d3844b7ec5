import { availableParallelism } from "node:os";

/**
 * At most one argon2id computation per CPU core at a time; the others wait here, in order.
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
 */
export function createArgon2Slots(size = availableParallelism()) {
  let free = Math.max(1, size);
  const waiting: Array<() => void> = [];
  return async function inSlot<T>(task: () => Promise<T>): Promise<T> {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}

/** One set of slots per process: the cores are shared by every hasher in it. */
export const inArgon2Slot = createArgon2Slots();

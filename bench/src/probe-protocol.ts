/** Messages between the runner and the probe inside a server process. */
export type ProbeRequest =
  | { id: number; type: "stats" | "stats-after-gc" }
  | { id: number; type: "start-loop-monitor"; resolutionMs: number }
  | { id: number; type: "stop-loop-monitor" };

export interface LoopDelay {
  /** Milliseconds a timer fired late, beyond its resolution. */
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

export interface ProbeReply {
  id: number;
  cpuMicros: number;
  memory: NodeJS.MemoryUsage;
  /** V8's heap by space (new_space, old_space, code_space…): bytes reserved for each. */
  heapSpaces: Record<string, number>;
  /**
   * The main thread's share of `cpuMicros`, from /proc: absent where there is none. Counted
   * in clock ticks of 10 ms, so it is for sums over whole trials, not single requests.
   */
  mainThreadCpuMicros?: number;
  loop?: LoopDelay;
}

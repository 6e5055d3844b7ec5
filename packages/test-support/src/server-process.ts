import { spawn, type ChildProcess } from "node:child_process";
import { waitUntil } from "./wait-until.js";

export interface ProcessSpec {
  /** The script node runs (the API's entry, built or from source; a bench server). */
  entry: string;
  /** Node options before the script: `--import tsx`, a preload, heap flags. */
  execArgv?: string[];
  cwd?: string;
  /** The child's whole environment: nothing is inherited but what is given here. */
  env: Record<string, string>;
  /** `keep`: stdout and stderr are kept for `output()`; `ignore`: stdout is dropped unread
   * (a server under load writes a log line a request), stderr kept; `inherit`: both go to
   * this process's. */
  output?: "keep" | "ignore" | "inherit";
  /** An IPC channel to the child (`child.send`), for a probe inside it. */
  ipc?: boolean;
  /** Killed after this long whatever happens, so no test leaves one behind. */
  lifetimeMs?: number;
}

export interface ServerProcess {
  child: ChildProcess;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** What it printed so far (the end of stderr only, with `output: "ignore"`). */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not ended within `graceMs`. */
  stop(graceMs?: number): Promise<number | null>;
}

/** Every process started here and not yet ended: stopped by `stopAllProcesses`, killed at exit. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** Starts `node [execArgv] entry` as a child process of its own. */
export function startProcess(spec: ProcessSpec): ServerProcess {
  const mode = spec.output ?? "keep";
  const stdio = mode === "inherit" ? "inherit" : "pipe";
  const child = spawn(process.execPath, [...(spec.execArgv ?? []), spec.entry], {
    ...(spec.cwd ? { cwd: spec.cwd } : {}),
    env: spec.env,
    stdio: [
      "ignore",
      mode === "ignore" ? "ignore" : stdio,
      stdio,
      ...(spec.ipc ? (["ipc"] as const) : []),
    ],
  });
  running.add(child);
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (mode === "ignore") output = output.slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const lifetime = spec.lifetimeMs
    ? setTimeout(() => child.kill("SIGKILL"), spec.lifetimeMs)
    : undefined;
  lifetime?.unref();
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      running.delete(child);
      clearTimeout(lifetime);
      resolve(code);
    });
  });
  const stop = async (graceMs = 10_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill("SIGTERM");
    const force = setTimeout(() => child.kill("SIGKILL"), graceMs);
    const code = await exited;
    clearTimeout(force);
    return code;
  };
  return { child, exited, output: () => output, stop };
}

/** Why waiting on `server` is pointless: it has exited (with what it printed), or undefined. */
function goneReason(server: ServerProcess): () => string | undefined {
  return () =>
    server.child.exitCode !== null || server.child.signalCode !== null
      ? `the process exited (${server.child.exitCode ?? server.child.signalCode}): ${server.output().trim() || "(no output)"}`
      : undefined;
}

/** Waits until the process has printed a line matching `pattern`; returns its first group. */
export function waitForOutput(
  server: ServerProcess,
  pattern: RegExp,
  timeoutMs = 60_000,
): Promise<string> {
  return waitUntil(() => pattern.exec(server.output())?.[1], {
    what: `output matching ${pattern}`,
    timeoutMs,
    everyMs: 50,
    gone: goneReason(server),
  });
}

/** Waits until `url` answers 2xx, giving up at once if the process exits first. */
export async function waitForAnswer(
  server: ServerProcess,
  url: string,
  timeoutMs = 60_000,
): Promise<void> {
  await waitUntil(
    async () => {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        await res.arrayBuffer();
        return res.ok;
      } catch {
        return false; // not listening yet
      }
    },
    { what: `${url} to answer`, timeoutMs, everyMs: 100, gone: goneReason(server) },
  );
}

/** Stops every process still running, including one whose start a timed-out hook gave up on. */
export async function stopAllProcesses(graceMs = 10_000): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const force = setTimeout(() => child.kill("SIGKILL"), graceMs);
          child.once("exit", () => {
            clearTimeout(force);
            resolve();
          });
          child.kill("SIGTERM");
        }),
    ),
  );
}

import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const apiRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Every process started here and not yet ended: stopped by `stopAll`, killed if this one exits. */
const running = new Set<ChildProcessWithoutNullStreams>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export interface ApiProcess {
  url: string;
  child: ChildProcessWithoutNullStreams;
  /** Everything it printed so far (JSON log lines). */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if it has not ended within `graceMs`. */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Starts the real server entry point (src/server.ts, the file `npm start` builds) as its
 * own process on a free port, and resolves once it has logged the URL it listens on.
 * TypeScript is loaded in that very process (`node --import tsx`, not the tsx wrapper,
 * which would leave its child behind if killed). It is killed after `lifetimeMs`
 * whatever happens, so no test leaves one behind.
 */
export function spawnApi(
  env: Record<string, string>,
  { lifetimeMs = 180_000, startMs = 60_000 } = {},
): Promise<ApiProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    cwd: apiRoot,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "test",
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
      ...env,
    },
  });
  running.add(child);
  let output = "";
  const lifetime = setTimeout(() => child.kill("SIGKILL"), lifetimeMs);
  lifetime.unref();
  const exited = new Promise<number | null>((resolve) => {
    child.on("exit", (code) => {
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

  return new Promise<ApiProcess>((resolve, reject) => {
    const giveUp = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the API did not log its address within ${startMs} ms:\n${output}`));
    }, startMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /"address":"(http:\/\/[^"]+)"/.exec(output)?.[1];
      if (url) {
        clearTimeout(giveUp);
        child.stdout.off("data", onData);
        child.stdout.on("data", (more: Buffer) => (output += more.toString()));
        resolve({ url, child, output: () => output, exited, stop });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(giveUp);
      reject(new Error(`the API exited (${code}) before listening:\n${output}`));
    });
  });
}

/** Stops every process still running, including one whose start a timed-out hook gave up on. */
export async function stopAll(graceMs = 10_000): Promise<void> {
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

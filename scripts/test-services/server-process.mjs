import { spawn } from "node:child_process";

/**
 * A server started for the tests: its output is kept (and shown only if it fails to start),
 * and it is stopped with `signal` (graceful) or, when this process is exiting and cannot
 * wait, with SIGKILL.
 * @param {string} command @param {string[]} args
 * @param {{ uid?: number, gid?: number, cwd?: string, env?: NodeJS.ProcessEnv }} [options]
 */
export function startServerProcess(command, args, options = {}) {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (/** @type {Buffer} */ chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  /** @type {string | undefined} */
  let exitedWith;
  const exited = new Promise((resolve) => {
    child.once("error", (error) => {
      exitedWith = error.message;
      resolve(undefined);
    });
    child.once("exit", (code, signal) => {
      exitedWith = signal ? `signal ${signal}` : `exit ${code}`;
      resolve(undefined);
    });
  });
  // When this process exits without having stopped the server (an uncaught error), the
  // server must not outlive it: a synchronous kill is all an exit handler can do.
  const killNow = () => {
    if (exitedWith === undefined) child.kill("SIGKILL");
  };
  process.on("exit", killNow);
  return {
    output: () => output,
    exited: () => exitedWith,
    /** @param {NodeJS.Signals} signal */
    async stop(signal) {
      process.off("exit", killNow);
      if (exitedWith !== undefined) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

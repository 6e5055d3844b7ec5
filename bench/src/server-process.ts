import { fork, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { onCleanup } from "./cleanup.js";
import { BENCH_DIST } from "./paths.js";
import type { ProbeReply, ProbeRequest } from "./probe-protocol.js";

export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  /** One reading of the probe inside the server. */
  probe(type?: ProbeRequest["type"], resolutionMs?: number): Promise<ProbeReply>;
  /** Sends a message to a bench entry and waits for the reply carrying the same `runId`. */
  call<T>(message: { type: string; runId: number } & Record<string, unknown>): Promise<T>;
  /** Resident set size as the kernel counts it (from /proc), in bytes. */
  rss(): Promise<number>;
  stop(): Promise<void>;
}

export interface ServerSpec {
  name: string;
  /** The JavaScript file to run (the API's real entry, or a bench entry from bench/dist). */
  entry: string;
  env: Record<string, string>;
  /** A path answering 200 once the server is ready. */
  readyPath: string;
  nodeArgs?: string[];
}

const PROBE = pathToFileURL(path.join(BENCH_DIST, "probe.js")).href;

/**
 * Starts a server as a child process on a free loopback port, with the probe preloaded and
 * an IPC channel to it, and waits until `readyPath` answers 200. Every server is started the
 * same way, so the baseline and the API pay the same process costs.
 */
export async function startServer(spec: ServerSpec): Promise<ServerProcess> {
  // Another process may take the free port before the server binds it: try another one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(spec, await freePort());
    } catch (err) {
      if (attempt >= 3 || !String(err).includes("EADDRINUSE")) throw err;
    }
  }
}

async function startOnce(spec: ServerSpec, port: number): Promise<ServerProcess> {
  const child = fork(spec.entry, [], {
    execArgv: [...(spec.nodeArgs ?? []), "--import", PROBE],
    // The API logs one line per request at the default level, as in production; the lines go
    // to /dev/null so reading them costs the benchmark nothing.
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    env: { PATH: process.env.PATH ?? "", ...spec.env, HOST: "127.0.0.1", PORT: String(port) },
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  const removeCleanup = onCleanup(() => stopChild(child, exited));
  const url = `http://127.0.0.1:${port}`;

  try {
    await waitUntilReady(`${url}${spec.readyPath}`, exited, () => stderr);
  } catch (err) {
    await stopChild(child, exited);
    removeCleanup();
    throw err;
  }

  let nextId = 1;
  const probe = (type: ProbeRequest["type"] = "stats", resolutionMs = 10) =>
    new Promise<ProbeReply>((resolve, reject) => {
      const id = nextId++;
      const onMessage = (reply: ProbeReply) => {
        if (reply.id !== id) return;
        child.off("message", onMessage);
        resolve(reply);
      };
      child.on("message", onMessage);
      const request = (
        type === "start-loop-monitor" ? { id, type, resolutionMs } : { id, type }
      ) as ProbeRequest;
      child.send(request, (err) => err && reject(err));
    });

  return {
    name: spec.name,
    url,
    pid: child.pid!,
    probe,
    call<T>(message: { type: string; runId: number }) {
      return new Promise<T>((resolve, reject) => {
        const onMessage = (reply: { runId?: number; error?: string }) => {
          if (reply?.runId !== message.runId) return;
          child.off("message", onMessage);
          if (reply.error) reject(new Error(reply.error));
          else resolve(reply as T);
        };
        child.on("message", onMessage);
        child.send(message, (err) => err && reject(err));
      });
    },
    rss: () => rssOf(child.pid!, probe),
    async stop() {
      await stopChild(child, exited);
      removeCleanup();
      if (child.exitCode !== 0 && child.exitCode !== null && child.signalCode === null) {
        console.error(
          `${spec.name} exited with ${child.exitCode}: ${stderr.trim().split("\n").slice(-3).join(" | ")}`,
        );
      }
    },
  };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

async function waitUntilReady(
  url: string,
  exited: Promise<number | null>,
  stderr: () => string,
): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (gone)
      throw new Error(`server exited before it was ready: ${stderr().trim() || "(no output)"}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not answer 200 on ${url} within 60 s: ${stderr().trim()}`);
}

/** A port the kernel just handed out: free now, and almost certainly still free a moment later. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function rssOf(pid: number, probe: () => Promise<ProbeReply>): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux: ask the process itself
  }
  return (await probe()).memory.rss;
}

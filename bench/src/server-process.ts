import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { freePort, startProcess, waitForAnswer } from "@jwt-auth/test-support";
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
  const server = startProcess({
    entry: spec.entry,
    execArgv: [...(spec.nodeArgs ?? []), "--import", PROBE],
    // The API logs one line per request at the default level, as in production; the lines go
    // to /dev/null so reading them costs the benchmark nothing.
    output: "ignore",
    ipc: true,
    env: { PATH: process.env.PATH ?? "", ...spec.env, HOST: "127.0.0.1", PORT: String(port) },
  });
  const child = server.child;
  const removeCleanup = onCleanup(async () => void (await server.stop()));
  const url = `http://127.0.0.1:${port}`;

  try {
    await waitForAnswer(server, `${url}${spec.readyPath}`);
  } catch (err) {
    await server.stop();
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
      await server.stop();
      removeCleanup();
      if (child.exitCode !== 0 && child.exitCode !== null && child.signalCode === null) {
        console.error(
          `${spec.name} exited with ${child.exitCode}: ${server.output().trim().split("\n").slice(-3).join(" | ")}`,
        );
      }
    },
  };
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

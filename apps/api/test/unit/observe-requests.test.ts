import express, { type Request, type Response } from "express";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { waitUntil } from "@jwt-auth/test-support";
import supertest from "supertest";
import { describe, expect, it } from "vitest";
import { observeRequests, type RequestObserver } from "../../src/http/observe-requests.js";
import { RequestDurations } from "../../src/metrics/request-durations.js";
import { timeRequests } from "../../src/metrics/time-requests.js";
import { valueOf } from "../operations/scrape.js";

interface Seen {
  observer: string;
  event: "start" | "end";
  path: string;
  finished?: boolean;
  status?: number;
  elapsedMs?: number;
}

function recording(name: string, seen: Seen[], withStart = true): RequestObserver {
  return {
    ...(withStart
      ? { start: (req: Request) => seen.push({ observer: name, event: "start", path: req.path }) }
      : {}),
    end(req: Request, res: Response, elapsedMs: number) {
      seen.push({
        observer: name,
        event: "end",
        path: req.path,
        finished: res.writableFinished,
        status: res.statusCode,
        elapsedMs,
      });
    },
  };
}

const appWith = (observers: Array<RequestObserver | undefined>) => {
  const app = express();
  const observe = observeRequests(observers);
  if (observe) app.use(observe);
  app.get("/slow", (_req, res) => {
    setTimeout(() => res.status(201).json({ ok: true }), 30);
  });
  app.get("/never", () => {
    // Never answers: the client gives up.
  });
  return app;
};

/** Waits until `seen` holds `count` entries (the end is told on the response's `close`). */
const until = (seen: Seen[], count: number) =>
  waitUntil(() => seen.length >= count, { what: `${count} observations`, everyMs: 5 });

describe("observing requests", () => {
  it("when nothing observes requests, then no middleware is made", () => {
    expect(observeRequests([])).toBeUndefined();
    expect(observeRequests([undefined, undefined])).toBeUndefined();
  });

  it("when a request is answered, then each observer sees its start and then its end once, in the order given, with the same time", async () => {
    const seen: Seen[] = [];
    await supertest(appWith([recording("timer", seen, false), undefined, recording("log", seen)]))
      .get("/slow")
      .expect(201);
    await until(seen, 3);

    expect(seen.map((s) => `${s.observer} ${s.event}`)).toEqual([
      "log start",
      "timer end",
      "log end",
    ]);
    const [, timerEnd, logEnd] = seen;
    expect(timerEnd).toMatchObject({ path: "/slow", finished: true, status: 201 });
    expect(logEnd!.elapsedMs).toBe(timerEnd!.elapsedMs);
    // The handler waited 30 ms before answering: the time covers it.
    expect(timerEnd!.elapsedMs).toBeGreaterThanOrEqual(29);
  });

  it("when the client gives up before the answer, then the end is still told, unfinished, and the request is not timed", async () => {
    const seen: Seen[] = [];
    const NAME = "http_request_duration_seconds";
    const durations = new RequestDurations(NAME, "Time to answer", [1]);
    const server = http.createServer(appWith([timeRequests(durations), recording("log", seen)]));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await supertest(server).get("/slow").expect(201);
      await until(seen, 2);
      const request = http.get({ host: "127.0.0.1", port, path: "/never" });
      request.on("error", () => undefined);
      await until(seen, 3);
      request.destroy();
      await until(seen, 4);

      expect(seen[3]).toMatchObject({ path: "/never", event: "end", finished: false });
      const text = durations.exposition();
      expect(valueOf(text, `${NAME}_count`, { route: "/slow", method: "GET", status: "201" })).toBe(
        1,
      );
      expect(text).not.toContain("/never");
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

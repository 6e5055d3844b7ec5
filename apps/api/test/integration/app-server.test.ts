import http from "node:http";
import type { AddressInfo } from "node:net";
import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppServer } from "../../src/http/app-server.js";
import { bearer, startTestApp, type TestApp } from "../support/test-app.js";

type Prototypes = { request: object; response: object };

/**
 * Serves the app with `serve`, sends a register, a profile read and two refused requests
 * through a real socket, and returns the answers with the prototypes each request and
 * response had when the server made them (a `request` listener placed before the app's).
 */
async function throughServer(app: TestApp, serve: (app: TestApp) => http.Server) {
  const server = serve(app);
  const born: Prototypes[] = [];
  server.prependListener("request", (req: object, res: object) =>
    born.push({ request: Object.getPrototypeOf(req), response: Object.getPrototypeOf(res) }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const registered = await fetch(`${base}${apiPaths.register}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        email: `born-${Date.now()}@example.com`,
        password: "correct horse battery staple",
        name: "Ada",
      }),
    });
    const { accessToken } = (await registered.json()) as { accessToken: string };
    const profile = await fetch(`${base}${apiPaths.profile}`, { headers: bearer(accessToken) });
    const anonymous = await fetch(`${base}${apiPaths.profile}`);
    const unknown = await fetch(`${base}/api/no-such-route`);
    return {
      born,
      answers: {
        registered: registered.status,
        profile: [profile.status, ((await profile.json()) as { name: string }).name],
        anonymous: [anonymous.status, ((await anonymous.json()) as { code: string }).code],
        unknown: [unknown.status, ((await unknown.json()) as { code: string }).code],
      },
    };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const EXPECTED_ANSWERS = {
  registered: 201,
  profile: [200, "Ada"],
  anonymous: [401, "token_missing"],
  unknown: [404, "not_found"],
};

describe("the public server (createAppServer)", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  it("when a request arrives, then it and its response already have the app's prototypes, and the app answers as under app.listen", async () => {
    const { born, answers } = await throughServer(app, (a) => createAppServer(a.app));

    expect(answers).toEqual(EXPECTED_ANSWERS);
    expect(born).toHaveLength(4);
    for (const prototypes of born)
      expect(prototypes).toEqual({ request: app.app.request, response: app.app.response });
  });

  it("when the app is served as app.listen serves it, then requests are made with Node's prototypes, which Express then swaps", async () => {
    // The other side of the check above: it tells the two servers apart.
    const { born, answers } = await throughServer(app, (a) => http.createServer(a.app));

    expect(answers).toEqual(EXPECTED_ANSWERS);
    for (const prototypes of born)
      expect(prototypes).toEqual({
        request: http.IncomingMessage.prototype,
        response: http.ServerResponse.prototype,
      });
  });
});

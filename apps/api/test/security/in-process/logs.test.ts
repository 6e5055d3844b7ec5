import { Writable } from "node:stream";
import { apiPaths, REFRESH_COOKIE_NAME } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../src/http/logger.js";
import { Client } from "../support/client.js";
import { startInProcess, type InProcessTarget } from "../support/target.js";

// OWASP Logging cheat sheet, ASVS 5.0 V16.2.5, and the API contract: logs never hold a
// password, an access token or a refresh token, not even one a client put where it does not
// belong. Reading the logs needs the process: in-process only.
describe("secrets in logs", () => {
  let target: InProcessTarget;
  let logs = "";

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs += chunk.toString("utf8");
        done();
      },
    });
    target = await startInProcess({ overrides: { logger: createLogger("trace", sink) } });
  });
  afterAll(() => target?.close());

  it("when a user goes through every flow with secrets in headers, URLs, cookies and bodies, then none of them is logged", async () => {
    const client = new Client(target);
    const password = "Sup3r-secret pass phrase";
    const newPassword = "An0ther-secret pass phrase";
    const user = await client.register({ password });
    const login = await client.login(user.email, password);
    const refreshed = await client.refresh(login.refreshToken!);
    const access = refreshed.body.accessToken as string;
    const refresh = refreshed.refreshToken!;
    const secrets = {
      password,
      newPassword,
      registerAccess: user.accessToken,
      registerRefresh: user.refreshToken,
      loginAccess: login.body.accessToken,
      loginRefresh: login.refreshToken!,
      access,
      refresh,
    };

    await client.login(user.email, `${password}-wrong`);
    await client.profile(access);
    await client.get(`${apiPaths.profile}?access_token=${access}&refresh_token=${refresh}`);
    await client.get(
      `${apiPaths.login}?email=${encodeURIComponent(user.email)}&password=${encodeURIComponent(password)}`,
    );
    await client.get(`/api/nope/${access}/${refresh}`);
    await client.get(`/profile/${refresh}`, { headers: { Accept: "text/html" } });
    await client.get(apiPaths.profile, {
      headers: { Cookie: `${REFRESH_COOKIE_NAME}=${refresh}; access_token=${access}` },
    });
    await client.get(apiPaths.profile, {
      headers: {
        "X-Access-Token": access,
        "User-Agent": `agent ${access} ${refresh}`,
        Referer: `https://app.example/?t=${access}`,
      },
    });
    await client.get(apiPaths.profile, { headers: { Authorization: `Bearer ${access} trailing` } });
    await client.post(apiPaths.login, {
      body: `{"email":"${user.email}","password":"${password}"`,
      contentType: "application/json",
    });
    await client.post(apiPaths.login, {
      body: `password=${password}`,
      contentType: "application/x-www-form-urlencoded",
    });
    await client.request("PATCH", apiPaths.profile, {
      bearer: access,
      json: { name: "Renamed", password, token: refresh },
    });
    await client.post(apiPaths.password, {
      bearer: access,
      json: { currentPassword: "wrong one", newPassword },
    });
    await client.post(apiPaths.password, {
      bearer: access,
      json: { currentPassword: password, newPassword },
    });
    await client.post(apiPaths.logout, { bearer: access, refreshToken: refresh });

    // The logs were written: one line per request at least, with the paths in them.
    expect(logs.split("\n").filter(Boolean).length).toBeGreaterThanOrEqual(18);
    expect(logs).toContain(apiPaths.profile);
    for (const [name, secret] of Object.entries(secrets)) {
      expect(logs.includes(secret), `${name} is in the logs`).toBe(false);
      // Not even the part of a token that makes it valid.
      const signature = secret.split(".")[2];
      if (signature)
        expect(logs.includes(signature), `${name}'s signature is in the logs`).toBe(false);
    }
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
  });

  it("when a password is put in the path, the query, the User-Agent and a custom header, plain and percent-encoded, then no log line holds it", async () => {
    const client = new Client(target);
    // Neither a JWT nor a long opaque run: nothing a token scrubber would recognise.
    const password = "opensesame 42!";
    const user = await client.register({ password });
    const encoded = encodeURIComponent(password);
    const before = logs.length;

    await client.get(`${apiPaths.profile}/${encoded}`);
    await client.get(`/api/user/${encoded}`, { bearer: user.accessToken });
    await client.get(`/api/${encoded}/profile?password=${encoded}`);
    await client.get(`${apiPaths.health}?p=${encoded}&q=${password.replace(" ", "+")}`);
    await client.get(`/${encoded}`, { headers: { Accept: "text/html" } });
    await client.post(`${apiPaths.login}/${encoded}`, {
      json: { email: user.email, password },
    });
    await client.get(apiPaths.health, {
      headers: { "User-Agent": `Mozilla/5.0 (${password}) Firefox/128.0`, "X-Password": password },
    });
    await client.get(apiPaths.health, { headers: { "User-Agent": encoded } });
    await client.profile(user.accessToken);

    const written = logs.slice(before);
    // One line per request, all of them written.
    expect(written.match(/"msg":"request (completed|errored|aborted)"/g)?.length).toBe(9);
    for (const form of [password, encoded, password.replace(" ", "+"), "opensesame"])
      expect(written.includes(form), `${JSON.stringify(form)} is in the logs`).toBe(false);
    expect(written).toContain(`"route":"${apiPaths.profile}"`);
    expect(written).toContain('"route":"(unmatched)"');
    expect(written).toContain('"client":"Firefox"');
  });
});

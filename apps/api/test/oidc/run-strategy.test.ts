import express from "express";
import { Passport } from "passport";
import { Strategy } from "passport-strategy";
import supertest from "supertest";
import { describe, expect, it } from "vitest";
import type { OidcStrategy } from "../../src/oidc/oidc-strategy.js";
import { runStrategy } from "../../src/oidc/run-strategy.js";

/** Redirects each request to its own `?to=`, after every request has come in. */
class GatedRedirect extends Strategy {
  readonly arrived: Array<() => void> = [];
  constructor(private readonly expected: number) {
    super();
  }
  override authenticate(req: express.Request): void {
    const to = String(req.query.to);
    new Promise<void>((resolve) => {
      this.arrived.push(resolve);
      // Like openid-client awaiting its PKCE challenge: the others come in meanwhile.
      if (this.arrived.length === this.expected) for (const go of this.arrived) go();
    }).then(() => this.redirect(`https://idp.example/${to}`));
  }
}

describe("runStrategy with logins that overlap", () => {
  it("when three start together on one strategy, then each response carries its own redirect", async () => {
    const strategy = new GatedRedirect(3);
    const passport = new Passport();
    const app = express();
    app.get("/start", async (req, res) => {
      // Any passport strategy will do: what is under test is how it is handed to passport.
      await runStrategy(passport, strategy as unknown as OidcStrategy, req, res);
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const http = supertest(server);
      const answers = await Promise.all(
        ["a", "b", "c"].map((to) => http.get(`/start?to=${to}`).timeout(5_000)),
      );
      expect(answers.map((res) => [res.status, res.headers.location])).toEqual([
        [302, "https://idp.example/a"],
        [302, "https://idp.example/b"],
        [302, "https://idp.example/c"],
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

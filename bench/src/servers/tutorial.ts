/**
 * The way the classic Passport + JWT tutorials protect a route: passport-jwt with the secret
 * as a plain string (jsonwebtoken turns it into a key again on every request), the global
 * Passport instance, `passport.authenticate("jwt", { session: false })` on the route, and
 * the payload taken as the user. It is generous to the tutorial: no database read in the
 * verify callback (many lessons look the user up there) and the same fixed JSON as the
 * baseline. The same two cheap settings as every server here: no ETag, no X-Powered-By.
 * Tokens come from a login route that signs with `jwt.sign` each time, as the lessons do;
 * the benchmark sends it the API's own tokens, which use the same secret and algorithm.
 */
import { apiPaths } from "@jwt-auth/shared";
import express from "express";
import jwt from "jsonwebtoken";
import passport from "passport";
import { ExtractJwt, Strategy as JwtStrategy } from "passport-jwt";

const secret = process.env.BENCH_SECRET ?? "";
const body: unknown = JSON.parse(process.env.BENCH_BODY ?? "{}");
const routePath = process.env.BENCH_PATH ?? apiPaths.profile;

passport.use(
  new JwtStrategy(
    { jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: secret },
    (payload: unknown, done: (err: unknown, user?: unknown) => void) => done(null, payload),
  ),
);

const app = express();
app.disable("x-powered-by");
app.set("etag", false);
app.use(express.json());
app.use(passport.initialize());
app.post(apiPaths.login, (req, res) => {
  const { email } = (req.body ?? {}) as { email?: string };
  res.json({ token: jwt.sign({ sub: email, email }, secret, { expiresIn: "15m" }) });
});
app.get(routePath, passport.authenticate("jwt", { session: false }), (_req, res) => {
  res.json(body);
});

// For the benchmark to know it is up; after the measured route, so it costs that route nothing.
app.get("/ready", (_req, res) => {
  res.end();
});

const server = app.listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1");
process.on("SIGTERM", () => server.close(() => process.exit(0)));

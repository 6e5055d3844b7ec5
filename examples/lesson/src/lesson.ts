import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import express, { type RequestHandler } from "express";
import jwt from "jsonwebtoken";
import { Passport } from "passport";
import { ExtractJwt, Strategy as JwtStrategy } from "passport-jwt";
import { Strategy as LocalStrategy } from "passport-local";

export type User = { id: string; email: string; salt: Buffer; hash: Buffer };
type Claims = { sub: string; email: string };

/** A password is kept as a salted, slow hash (scrypt here), never as text. */
export function newUser(id: string, email: string, password: string): User {
  const salt = randomBytes(16);
  return { id, email, salt, hash: scryptSync(password, salt, 32) };
}

export function createLessonApp(secret: string, users: User[]) {
  const passport = new Passport();
  // 1. passport-local checks the email and password, once, at login.
  passport.use(
    new LocalStrategy({ usernameField: "email", session: false }, (email, password, done) => {
      const user = users.find((u) => u.email === email);
      const ok = user && timingSafeEqual(scryptSync(password, user.salt, 32), user.hash);
      done(null, ok ? user : false);
    }),
  );
  const app = express();
  app.use(express.json());
  // 2. A right password earns a signed token: who (`sub`), until when (`exp`), nothing secret.
  app.post("/login", passport.authenticate("local", { session: false }), (req, res) => {
    const { id, email } = req.user as User;
    const options = { algorithm: "HS256", expiresIn: "15m" } as const;
    res.json({ token: jwt.sign({ sub: id, email }, secret, options) });
  });
  // 3. passport-jwt checks the token on every protected request: signature, `alg`, `exp`.
  const jwtFromRequest = ExtractJwt.fromAuthHeaderAsBearerToken();
  passport.use(
    new JwtStrategy(
      { jwtFromRequest, secretOrKey: secret, algorithms: ["HS256"] },
      (claims, done) => done(null, { sub: claims.sub, email: claims.email }),
    ),
  );
  app.get("/profile", passport.authenticate("jwt", { session: false }), (req, res) => {
    res.json({ user: req.user });
  });
  // 4. The same check written by hand, guarding a twin of the route.
  app.get("/profile-by-hand", verifyToken(secret), (req, res) => res.json({ user: req.user }));
  return app;
}

/** The hand-written middleware: what passport-jwt does, in plain sight. */
export function verifyToken(secret: string): RequestHandler {
  return (req, res, next) => {
    const [scheme, token] = (req.headers.authorization ?? "").split(" ");
    if (scheme !== "Bearer" || !token) return void res.status(401).json({ error: "token_missing" });
    try {
      // `algorithms` pins what the server signs with: the token's own `alg` is never trusted.
      const { sub, email } = jwt.verify(token, secret, { algorithms: ["HS256"] }) as Claims;
      req.user = { sub, email };
      next();
    } catch (err) {
      const code = err instanceof jwt.TokenExpiredError ? "token_expired" : "token_invalid";
      res.status(401).json({ error: code });
    }
  };
}

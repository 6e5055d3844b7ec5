import { Strategy as LocalStrategy } from "passport-local";
import type { UserStore } from "../store/user-store.js";
import type { PasswordHasher } from "./password-hasher.js";

/**
 * passport-local checks an email and password. The email arrives already normalised by the
 * shared LoginRequest schema. An unknown email and a wrong password take the same path
 * (a full argon2id verification) and fail the same way, so neither the answer nor its
 * timing says whether an account exists.
 */
export function createLocalStrategy(users: UserStore, hasher: PasswordHasher): LocalStrategy {
  return new LocalStrategy(
    { usernameField: "email", passwordField: "password", session: false },
    (email, password, done) => {
      void (async () => {
        const user = await users.findByEmail(email);
        const ok = await hasher.verify(user?.password_hash, password);
        if (!ok || !user) return done(null, false);
        // The account (without its hash) travels to the login route's callback; it never
        // becomes req.user, which is only ever set from a verified access token.
        const { password_hash: _hash, ...account } = user;
        return done(null, account as unknown as Express.User);
      })().catch(done);
    },
  );
}

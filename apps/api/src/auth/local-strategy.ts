import { Strategy as LocalStrategy } from "passport-local";
import { toAccount, type UserStore } from "../store/user-store.js";
import type { PasswordHasher } from "./password-hasher.js";

/** What a failed login tells the route: the account it targeted, when there is one. */
export interface LoginFailure {
  message: string;
  userId: string;
}

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
        if (!ok || !user) {
          // Which account a wrong password was aimed at, for its owner's activity log; an
          // unknown email names none, and nothing is recorded for it.
          const failure: LoginFailure | undefined = user && {
            message: "wrong password",
            userId: user.id,
          };
          return done(null, false, failure);
        }
        // The account (without its hash) travels to the login route's callback; it never
        // becomes req.user, which is only ever set from a verified access token.
        return done(null, toAccount(user) as unknown as Express.User);
      })().catch(done);
    },
  );
}

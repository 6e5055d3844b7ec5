import { adminServiceOf } from "../../src/app.js";
import type { Actor } from "../../src/admin/admin-service.js";
import {
  cookie,
  refreshCookieOf,
  registerUser,
  type RegisteredUser,
  type TestApp,
} from "../support/test-app.js";

/** The server's shell, as `npm run admin` acts. */
export const SHELL: Actor = {
  id: null,
  email: "shell:test",
  context: { ip: null, userAgent: null },
};

/** A fresh token pair for the user's session (a refresh), updating `user` in place. */
export async function refresh<U extends RegisteredUser>(app: TestApp, user: U): Promise<U> {
  const res = await app.http.post("/api/auth/refresh").set(cookie(user.refreshToken)).expect(200);
  user.accessToken = res.body.accessToken as string;
  user.refreshToken = refreshCookieOf(res.headers["set-cookie"])!;
  return user;
}

/** A registered user made an administrator from the shell, with a token that says so. */
export async function registerAdmin(app: TestApp): Promise<RegisteredUser> {
  const user = await registerUser(app, { name: "Grace Admin" });
  await adminServiceOf(app.app).setRoles(SHELL, user.id, ["admin"]);
  return refresh(app, user);
}

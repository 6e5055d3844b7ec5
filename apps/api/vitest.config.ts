import { configDefaults, defineConfig } from "vitest/config";
import { reporters } from "../../vitest.shared.js";

// With ATTACK_BASE_URL the security suite attacks that running server over HTTP; the files that
// need the server's own keys or logs can only run in-process, so they are left out (the
// target probe says so before the run).
const attackingUrl = Boolean(process.env.ATTACK_BASE_URL);

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: attackingUrl
      ? [...configDefaults.exclude, "test/security/in-process/**"]
      : configDefaults.exclude,
    globalSetup: attackingUrl ? ["test/security/support/probe-target.ts"] : [],
    // Each file builds its own app on its own temp SQLite file, so files can run in parallel;
    // argon2id hashing is real and some tests start server processes, so give a busy machine
    // room (with both cores taken, a process start-up test took 17 s). Tests wait for
    // conditions, so the limits cost nothing when the machine is fast.
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: "forks",
    ...reporters("api"),
  },
});

import { defineConfig } from "vitest/config";
import { reporters } from "../../vitest.shared.js";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file builds its own app on its own temp SQLite file, so files can run in parallel;
    // argon2id hashing is real, so give slow machines some room.
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
    ...reporters("api"),
  },
});

import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach, vi } from "vitest";

afterEach(() => {
  cleanup();
  localStorage.clear();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

// Pages load their submit code and lazy routes with import(); the first import in a test
// run includes transforming zod and axios, which can take longer than the 1 s default.
configure({ asyncUtilTimeout: 5_000 });

import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { RouteErrorBoundary } from "../src/app/route-error-boundary";

function ChunkThatFailedToLoad(): never {
  throw new TypeError("Failed to fetch dynamically imported module");
}

describe("RouteErrorBoundary", () => {
  it("when a page cannot render, then the user gets an explanation and a way to reload, not a blank page", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined); // React reports the caught error
    render(
      <RouteErrorBoundary>
        <ChunkThatFailedToLoad />
      </RouteErrorBoundary>,
    );
    expect(
      screen.getByRole("heading", { level: 1, name: "Something went wrong" }),
    ).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("This page could not be loaded.");
    expect(screen.getByRole("button", { name: "Reload the page" })).toBeInTheDocument();
  });
});

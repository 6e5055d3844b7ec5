import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, useLocation } from "react-router";
import { App } from "../src/app/app";
import { apiClient } from "../src/lib/api-client";
import { stubAdapter, type Handler } from "./helpers";

/** Exposes the router's current location, so tests can check where the app went. */
function LocationProbe() {
  const location = useLocation();
  return (
    <output data-testid="location" hidden>
      {location.pathname + location.search + location.hash}
    </output>
  );
}

/** Renders the whole app at `path`, with the app's one HTTP client answered by `handler`. */
export function renderApp(path: string, handler: Handler) {
  const adapter = stubAdapter(handler);
  apiClient.defaults.adapter = adapter;
  const user = userEvent.setup();
  const view = render(
    <MemoryRouter initialEntries={[path]}>
      <App />
      <LocationProbe />
    </MemoryRouter>,
  );
  return { ...view, user, adapter };
}

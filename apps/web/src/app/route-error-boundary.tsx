import { Component, type ReactNode } from "react";

interface State {
  failed: boolean;
}

/**
 * A way out instead of a blank page when a page cannot render: most often its chunk failed
 * to load (the network dropped, or a new deploy replaced the file). The app keys it on the
 * path, so moving to another page tries again.
 */
export class RouteErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="card">
        <h1>Something went wrong</h1>
        <p role="alert">
          This page could not be loaded. Check your connection, then reload the page.
        </p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload the page
        </button>
      </div>
    );
  }
}

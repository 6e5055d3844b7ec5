import { AppRoutes } from "./routes";

/** The page frame shared by every route: one banner, one main landmark. */
export function App() {
  return (
    <>
      <header className="site-header">
        <p className="brand">JWT auth with Passport</p>
      </header>
      <main className="page">
        <AppRoutes />
      </main>
    </>
  );
}

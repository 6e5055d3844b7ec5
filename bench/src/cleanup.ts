/**
 * Everything the run starts (servers, PostgreSQL schemas, temp folders) registers how to undo
 * it here, so a failure or Ctrl-C still stops the servers and drops the schemas.
 */
type Undo = () => Promise<void> | void;

const undos = new Map<number, Undo>();
let nextId = 0;
let installed = false;

export function onCleanup(undo: Undo): () => void {
  const id = nextId++;
  undos.set(id, undo);
  installSignalHandlers();
  return () => undos.delete(id);
}

/** Runs every pending undo, newest first; failures are reported, never thrown. */
export async function cleanupAll(): Promise<void> {
  const pending = [...undos.entries()].reverse();
  undos.clear();
  for (const [, undo] of pending) {
    try {
      await undo();
    } catch (err) {
      console.error(`cleanup: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping servers and dropping temporary data…`);
      void cleanupAll().finally(() => process.exit(130));
    });
  }
}

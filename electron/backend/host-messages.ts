/**
 * What the Electron main process and the backend utility process say to each other. Only the main
 * process may start utility processes, so it starts the backend's job workers for it (`launch`),
 * hands it a port to each (`launched`), and says when one ends (`exited`).
 */
export type HostToBackend =
  | { kind: 'connect' }
  | { kind: 'shutdown' }
  | { kind: 'launched'; id: number; pid: number | undefined }
  | { kind: 'exited'; id: number; code: number };

export type BackendToHost =
  | { kind: 'ready' }
  | { kind: 'fatal'; message: string }
  | { kind: 'launch'; id: number; entry: string; args: string[]; name: string; niceness: number }
  | { kind: 'kill'; id: number };

/** The modules the backend may have started as processes of their own, relative to its own folder. */
export const LAUNCHABLE_ENTRIES: readonly string[] = ['jobs/pool-worker.js'];

export const APP_DATA_ARG = '--app-data';
export const MODEL_PORT_ARG = '--model-port';

/**
 * Names the better-sqlite3 binary built for Electron's ABI. The main process sets it for the
 * backend's utility process (whose worker threads inherit it); under plain Node it is unset and
 * better-sqlite3 loads its own build.
 */
export const SQLITE_BINDING_ENV = 'TRIAD_SQLITE_BINDING';

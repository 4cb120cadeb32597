/** What the Electron main process and the backend utility process say to each other. */
export type HostToBackend = { kind: 'connect' } | { kind: 'shutdown' };

export type BackendToHost = { kind: 'ready' } | { kind: 'fatal'; message: string };

export const APP_DATA_ARG = '--app-data';
export const MODEL_PORT_ARG = '--model-port';

/**
 * Names the better-sqlite3 binary built for Electron's ABI. The main process sets it for the
 * backend's utility process (whose worker threads inherit it); under plain Node it is unset and
 * better-sqlite3 loads its own build.
 */
export const SQLITE_BINDING_ENV = 'TRIAD_SQLITE_BINDING';

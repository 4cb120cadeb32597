/** What the Electron main process and the backend utility process say to each other. */
export type HostToBackend = { kind: 'connect' } | { kind: 'shutdown' };

export type BackendToHost = { kind: 'ready' } | { kind: 'fatal'; message: string };

export const APP_DATA_ARG = '--app-data';
export const MODEL_PORT_ARG = '--model-port';

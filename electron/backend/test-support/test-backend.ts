import { type Backend, startBackend } from '../backend.js';

/** A backend on a fresh app-data folder (so on the flights sample), with its jobs run in process. */
export function startTestBackend(appDataDir: string): Promise<Backend> {
  return startBackend({
    appDataDir,
    runtime: 'node',
    modelServer: { host: '127.0.0.1', port: 0 },
    poolThreads: 1,
  });
}

import { join } from 'node:path';

/**
 * better-sqlite3 is a native addon tied to one ABI (NODE_MODULE_VERSION). `npm install` builds it
 * for Node, which the CLI and the tests use; in a development checkout `npm start` keeps a second
 * build for Electron's ABI here, so the two never overwrite each other.
 */
export function electronSqliteRoot(appRoot: string): string {
  return join(appRoot, 'native');
}

export function electronSqliteFolder(appRoot: string, abi: string): string {
  return join(electronSqliteRoot(appRoot), `electron-${abi}`);
}

export const SQLITE_BINARY = 'better_sqlite3.node';
/** Beside the binary: what it was built from, so a changed Electron or better-sqlite3 triggers a new build. */
export const SQLITE_BUILD_RECORD = 'build.json';

/** Which better-sqlite3 binary the backend's utility process loads. */
export type HostSqlite =
  | { kind: 'bundled' }
  | { kind: 'prepared'; binding: string }
  | { kind: 'missing'; message: string };

export interface ElectronHost {
  isPackaged: boolean;
  appRoot: string;
  /** The running Electron's NODE_MODULE_VERSION (process.versions.modules). */
  abi: string;
  exists(path: string): boolean;
}

export function chooseHostSqlite(host: ElectronHost): HostSqlite {
  // electron-builder rebuilds the packaged app's own copy of better-sqlite3 for Electron.
  if (host.isPackaged) return { kind: 'bundled' };
  const binding = join(electronSqliteFolder(host.appRoot, host.abi), SQLITE_BINARY);
  if (host.exists(binding)) return { kind: 'prepared', binding };
  return {
    kind: 'missing',
    message:
      `Triad needs better-sqlite3 built for this Electron (ABI ${host.abi}) and found none at ${binding}. ` +
      'Start the app with `npm start`, which downloads or builds it, rather than running `electron .` directly.',
  };
}

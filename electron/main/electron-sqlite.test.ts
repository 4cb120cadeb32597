import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseHostSqlite, electronSqliteFolder, SQLITE_BINARY } from './electron-sqlite.js';

const appRoot = join('/', 'work', 'triad');
const prepared = join(appRoot, 'native', 'electron-150', 'better_sqlite3.node');

describe('the SQLite binary the desktop backend loads', () => {
  it('is the Electron build `npm start` prepared, kept apart from Node’s build in node_modules', () => {
    expect(join(electronSqliteFolder(appRoot, '150'), SQLITE_BINARY)).toBe(prepared);
    expect(chooseHostSqlite({ isPackaged: false, appRoot, abi: '150', exists: (path) => path === prepared })).toEqual({
      kind: 'prepared',
      binding: prepared,
    });
  });

  it('follows the running Electron’s ABI, so a build for another Electron is never loaded', () => {
    const host = { isPackaged: false, appRoot, abi: '143', exists: (path: string) => path === prepared };
    expect(chooseHostSqlite(host)).toEqual({
      kind: 'missing',
      message:
        `Triad needs better-sqlite3 built for this Electron (ABI 143) and found none at ${join(appRoot, 'native', 'electron-143', 'better_sqlite3.node')}. ` +
        'Start the app with `npm start`, which downloads or builds it, rather than running `electron .` directly.',
    });
  });

  it('is the app’s own copy in a packaged app, which electron-builder rebuilt for Electron', () => {
    expect(chooseHostSqlite({ isPackaged: true, appRoot, abi: '150', exists: () => false })).toEqual({
      kind: 'bundled',
    });
  });
});

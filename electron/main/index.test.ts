import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SQLITE_BINDING_ENV } from '../backend/host-messages.js';

/** What the main process asked of Electron, in order; Electron itself cannot run in the tests. */
const run = vi.hoisted(() => ({
  calls: [] as string[],
  appRoot: '',
  forkEnv: [] as (NodeJS.ProcessEnv | undefined)[],
}));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  const record = (name: string) => () => {
    run.calls.push(name);
  };
  class BrowserWindow extends EventEmitter {
    static getAllWindows = () => [];
    constructor() {
      super();
      run.calls.push('new BrowserWindow');
    }
    loadURL = () => Promise.resolve();
    webContents = new EventEmitter();
  }
  return {
    app: {
      isPackaged: false,
      enableSandbox: record('app.enableSandbox'),
      setPath: () => {},
      getAppPath: () => run.appRoot,
      getPath: () => `${run.appRoot}/user-data`,
      requestSingleInstanceLock: () => true,
      on: () => {},
      quit: record('app.quit'),
      exit: (code: number) => run.calls.push(`app.exit(${code})`),
      whenReady: () => Promise.resolve().then(() => run.calls.push('ready')),
    },
    BrowserWindow,
    dialog: { showErrorBox: (title: string, message: string) => run.calls.push(`error: ${title}: ${message}`) },
    Menu: { buildFromTemplate: () => ({}), setApplicationMenu: record('Menu.setApplicationMenu') },
    protocol: { registerSchemesAsPrivileged: record('protocol.registerSchemesAsPrivileged'), handle: () => {} },
    session: { defaultSession: { setPermissionRequestHandler: () => {}, setPermissionCheckHandler: () => {} } },
    ipcMain: { on: () => {}, handle: () => {} },
    utilityProcess: {
      fork: (_entry: string, _args: string[], options: { env?: NodeJS.ProcessEnv }) => {
        run.forkEnv.push(options.env);
        return new EventEmitter();
      },
    },
    MessageChannelMain: class {},
  };
});

async function launch(): Promise<void> {
  vi.resetModules();
  await import('./index.js');
  await new Promise((resolve) => setTimeout(resolve, 0));
}

beforeEach(() => {
  run.calls = [];
  run.forkEnv = [];
  run.appRoot = mkdtempSync(join(tmpdir(), 'triad-main-'));
});

afterEach(() => rmSync(run.appRoot, { recursive: true, force: true }));

describe('the main process', () => {
  it('sandboxes every renderer before the app is ready and before any window exists', async () => {
    const binding = join(run.appRoot, 'native', `electron-${process.versions.modules}`, 'better_sqlite3.node');
    mkdirSync(join(binding, '..'), { recursive: true });
    writeFileSync(binding, '');
    await launch();
    expect(run.calls).toEqual([
      'app.enableSandbox',
      'protocol.registerSchemesAsPrivileged',
      'ready',
      'Menu.setApplicationMenu',
      'new BrowserWindow',
    ]);
    expect(run.forkEnv.map((env) => env?.[SQLITE_BINDING_ENV])).toEqual([binding]);
  });

  it('says how to get the Electron build of better-sqlite3 when it is missing, and opens no window', async () => {
    await launch();
    expect(run.calls).toEqual([
      'app.enableSandbox',
      'protocol.registerSchemesAsPrivileged',
      expect.stringMatching(
        /^error: Triad cannot open projects: Triad needs better-sqlite3 built for this Electron .*`npm start`/,
      ),
      'app.exit(1)',
    ]);
    expect(run.forkEnv).toEqual([]);
  });

  it('refuses to start with a TRIAD_MODEL_PORT that is not a port, saying why, and opens no window', async () => {
    const binding = join(run.appRoot, 'native', `electron-${process.versions.modules}`, 'better_sqlite3.node');
    mkdirSync(join(binding, '..'), { recursive: true });
    writeFileSync(binding, '');
    vi.stubEnv('TRIAD_MODEL_PORT', 'eighty');
    try {
      await launch();
    } finally {
      vi.unstubAllEnvs();
    }
    expect(run.calls).toEqual([
      'app.enableSandbox',
      'protocol.registerSchemesAsPrivileged',
      'error: Triad cannot start: TRIAD_MODEL_PORT is "eighty", which is not a port number (0 to 65535): set it to one, or unset it to use the default port.',
      'app.exit(1)',
    ]);
    expect(run.forkEnv).toEqual([]);
  });
});

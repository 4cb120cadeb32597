// `npm start` runs this before `electron .`: it makes sure better-sqlite3 is built for the
// installed Electron, beside (never over) the build for Node that `npm install` made.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronSqliteFolder, SQLITE_BINARY, SQLITE_BUILD_RECORD } from '../main/electron-sqlite.js';
import { runtimeAbi, type SqliteBuildTarget, sqliteBuildState } from './electron-sqlite-build.js';
import { installElectronSqlite } from './install-electron-sqlite.js';

const appRoot = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);

function installedPackage(name: string): { dir: string; version: string } {
  const manifest = require.resolve(`${name}/package.json`);
  return {
    dir: dirname(manifest),
    version: (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version,
  };
}

function readIfPresent(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

try {
  const electron = installedPackage('electron');
  const sqlite = installedPackage('better-sqlite3');
  const label = `better-sqlite3 ${sqlite.version} for Electron ${electron.version}`;
  const target: SqliteBuildTarget = {
    abi: runtimeAbi('electron', electron.version),
    betterSqlite3Version: sqlite.version,
    platform: process.platform,
    arch: process.arch,
  };
  const folder = electronSqliteFolder(appRoot, target.abi);
  const found = sqliteBuildState(target, {
    binaryExists: existsSync(join(folder, SQLITE_BINARY)),
    record: readIfPresent(join(folder, SQLITE_BUILD_RECORD)),
  });
  if (found.state === 'fresh') {
    console.log(`${label} (ABI ${target.abi}) is ready in ${folder}`);
  } else {
    console.log(`Preparing ${label} (ABI ${target.abi}): ${found.reason}…`);
    const { rebuild } = await import('@electron/rebuild');
    const binding = await installElectronSqlite({
      appRoot,
      packageDir: sqlite.dir,
      electronVersion: electron.version,
      target,
      rebuild,
    });
    console.log(`Ready: ${binding}`);
  }
} catch (error) {
  console.error(
    [
      `Could not prepare better-sqlite3 for Electron: ${(error as Error).message}`,
      'The desktop app loads SQLite in Electron, which needs its own build of better-sqlite3. To get one:',
      '  - with network access, run `npm start` again: it downloads the prebuilt binary from better-sqlite3’s',
      '    GitHub releases, or compiles one against Electron’s headers (downloaded from electronjs.org);',
      '  - to compile, install Python 3 and a C++ toolchain (build-essential on Linux, Xcode Command Line Tools',
      '    on macOS, Visual Studio Build Tools with “Desktop development with C++” on Windows).',
      'The `triad` CLI and web mode (`npm run web`) use Node’s build and work without it.',
    ].join('\n'),
  );
  process.exitCode = 1;
}

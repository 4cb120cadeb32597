import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RebuildOptions } from '@electron/rebuild';
import {
  electronSqliteFolder,
  electronSqliteRoot,
  SQLITE_BINARY,
  SQLITE_BUILD_RECORD,
} from '../main/electron-sqlite.js';
import type { SqliteBuildTarget } from './electron-sqlite-build.js';

export interface ElectronSqliteInstall {
  appRoot: string;
  /** The installed better-sqlite3 package, left exactly as it is: its build serves Node. */
  packageDir: string;
  electronVersion: string;
  target: SqliteBuildTarget;
  /** @electron/rebuild's rebuild: fetches a prebuilt binary with prebuild-install, else compiles one. */
  rebuild(options: RebuildOptions): Promise<void>;
}

/**
 * Builds better-sqlite3 for Electron in a staging copy of the package, then moves the binary into
 * its own folder and records what it was built for. The record is written last, so an
 * interrupted install is seen as stale and redone.
 */
export async function installElectronSqlite(install: ElectronSqliteInstall): Promise<string> {
  const { appRoot, packageDir, target } = install;
  mkdirSync(electronSqliteRoot(appRoot), { recursive: true });
  // Staged inside the project, so @electron/rebuild finds the project's prebuild-install above it.
  const staging = mkdtempSync(join(electronSqliteRoot(appRoot), '.staging-'));
  try {
    const moduleDir = join(staging, 'node_modules', 'better-sqlite3');
    const nodeBuild = join(packageDir, 'build');
    cpSync(packageDir, moduleDir, { recursive: true, filter: (source) => source !== nodeBuild });
    writeFileSync(
      join(staging, 'package.json'),
      JSON.stringify({
        name: 'triad-electron-sqlite',
        private: true,
        dependencies: { 'better-sqlite3': target.betterSqlite3Version },
      }),
    );
    await install.rebuild({
      buildPath: staging,
      projectRootPath: staging,
      electronVersion: install.electronVersion,
      platform: target.platform as NodeJS.Platform,
      arch: target.arch,
      onlyModules: ['better-sqlite3'],
      force: true,
      mode: 'sequential',
    });
    const built = join(moduleDir, 'build', 'Release', SQLITE_BINARY);
    if (!existsSync(built)) throw new Error(`the rebuild finished without producing ${built}`);

    const folder = electronSqliteFolder(appRoot, target.abi);
    const binding = join(folder, SQLITE_BINARY);
    const record = join(folder, SQLITE_BUILD_RECORD);
    mkdirSync(folder, { recursive: true });
    rmSync(record, { force: true });
    copyFileSync(built, `${binding}.partial`);
    renameSync(`${binding}.partial`, binding);
    writeFileSync(record, `${JSON.stringify({ ...target, electronVersion: install.electronVersion }, null, 2)}\n`);
    return binding;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

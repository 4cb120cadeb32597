import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RebuildOptions } from '@electron/rebuild';
import { describe, expect, it } from 'vitest';
import { temporaryFoldersCleanedAfterEachTest } from '../backend/test-support/temporary-folder.js';
import type { SqliteBuildTarget } from './electron-sqlite-build.js';
import { installElectronSqlite } from './install-electron-sqlite.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const target: SqliteBuildTarget = { abi: '150', betterSqlite3Version: '12.11.1', platform: 'linux', arch: 'x64' };

/** An installed better-sqlite3 laid out like the real one, with its build for Node. */
function installedPackage(): string {
  const dir = join(temporaryFolder('package'), 'better-sqlite3');
  mkdirSync(join(dir, 'build', 'Release'), { recursive: true });
  mkdirSync(join(dir, 'deps'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '12.11.1' }));
  writeFileSync(join(dir, 'binding.gyp'), '{}');
  writeFileSync(join(dir, 'deps', 'sqlite3.c'), '/* amalgamation */');
  writeFileSync(join(dir, 'build', 'Release', 'better_sqlite3.node'), 'built for Node');
  return dir;
}

/**
 * Stands in for @electron/rebuild, which needs the network or a compiler: it writes the module's
 * build/Release binary where the real one would, after checking what it was handed.
 */
function rebuildThat(write: string | null, seen: RebuildOptions[] = []) {
  return async (options: RebuildOptions) => {
    seen.push(options);
    const moduleDir = join(options.buildPath, 'node_modules', 'better-sqlite3');
    if (existsSync(join(moduleDir, 'build'))) throw new Error('the staged copy still holds the build for Node');
    if (!existsSync(join(moduleDir, 'deps', 'sqlite3.c'))) throw new Error('the staged copy lacks the sources');
    if (write === null) return;
    mkdirSync(join(moduleDir, 'build', 'Release'), { recursive: true });
    writeFileSync(join(moduleDir, 'build', 'Release', 'better_sqlite3.node'), write);
  };
}

describe('installing better-sqlite3 built for Electron', () => {
  it('puts the binary in its own folder with its record, leaving Node’s build and no staging behind', async () => {
    const appRoot = temporaryFolder('app');
    const packageDir = installedPackage();
    const seen: RebuildOptions[] = [];
    const binding = await installElectronSqlite({
      appRoot,
      packageDir,
      electronVersion: '45.5.0',
      target,
      rebuild: rebuildThat('built for Electron', seen),
    });
    expect(binding).toBe(join(appRoot, 'native', 'electron-150', 'better_sqlite3.node'));
    expect(readFileSync(binding, 'utf8')).toBe('built for Electron');
    expect(JSON.parse(readFileSync(join(appRoot, 'native', 'electron-150', 'build.json'), 'utf8'))).toEqual({
      ...target,
      electronVersion: '45.5.0',
    });
    expect(readFileSync(join(packageDir, 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('built for Node');
    expect(readdirSync(join(appRoot, 'native'))).toEqual(['electron-150']);
    // Limited to the staging folder, so the rebuild can never reach the project's own node_modules.
    expect(seen[0]?.projectRootPath).toBe(seen[0]?.buildPath);
    expect(seen).toEqual([
      expect.objectContaining({
        electronVersion: '45.5.0',
        platform: 'linux',
        arch: 'x64',
        onlyModules: ['better-sqlite3'],
        force: true,
      }),
    ]);
    expect(seen[0]?.buildPath.startsWith(join(appRoot, 'native', '.staging-'))).toBe(true);
  });

  it('keeps the old build, still stale, when a rebuild fails, and replaces it when one succeeds', async () => {
    const appRoot = temporaryFolder('app');
    const packageDir = installedPackage();
    const folder = join(appRoot, 'native', 'electron-150');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'better_sqlite3.node'), 'old build');
    writeFileSync(join(folder, 'build.json'), JSON.stringify({ ...target, betterSqlite3Version: '12.10.0' }));

    const failing = async (options: RebuildOptions) => {
      await rebuildThat(null)(options);
      throw new Error('prebuild-install and node-gyp both failed');
    };
    await expect(
      installElectronSqlite({ appRoot, packageDir, electronVersion: '45.5.0', target, rebuild: failing }),
    ).rejects.toThrow('prebuild-install and node-gyp both failed');
    expect(readdirSync(join(appRoot, 'native'))).toEqual(['electron-150']);
    expect(readFileSync(join(folder, 'better_sqlite3.node'), 'utf8')).toBe('old build');
    expect(readFileSync(join(folder, 'build.json'), 'utf8')).toContain('12.10.0');

    await installElectronSqlite({
      appRoot,
      packageDir,
      electronVersion: '45.5.0',
      target,
      rebuild: rebuildThat('new'),
    });
    expect(readFileSync(join(folder, 'better_sqlite3.node'), 'utf8')).toBe('new');
    expect(JSON.parse(readFileSync(join(folder, 'build.json'), 'utf8')).betterSqlite3Version).toBe('12.11.1');
  });

  it('says so when the rebuild reports success but produced no binary', async () => {
    const appRoot = temporaryFolder('app');
    await expect(
      installElectronSqlite({
        appRoot,
        packageDir: installedPackage(),
        electronVersion: '45.5.0',
        target,
        rebuild: rebuildThat(null),
      }),
    ).rejects.toThrow(/^the rebuild finished without producing .*better_sqlite3\.node$/);
    expect(existsSync(join(appRoot, 'native', 'electron-150'))).toBe(false);
  });
});

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { runtimeAbi, type SqliteBuildTarget, sqliteBuildState } from './electron-sqlite-build.js';

const installedElectron = (
  JSON.parse(readFileSync(createRequire(import.meta.url).resolve('electron/package.json'), 'utf8')) as {
    version: string;
  }
).version;

describe('the ABI each runtime needs', () => {
  it('differs between Node and Electron, which is why one better-sqlite3 build cannot serve both', () => {
    expect(runtimeAbi('electron', '45.5.0')).toBe('150');
    expect(runtimeAbi('node', '20.19.0')).toBe('115');
    expect(runtimeAbi('node', '22.12.0')).toBe('127');
    expect(runtimeAbi('node', process.versions.node)).toBe(process.versions.modules);
    expect(runtimeAbi('electron', installedElectron)).not.toBe(process.versions.modules);
  });

  it('is refused for an Electron that node-abi does not know yet, with the way out', () => {
    expect(() => runtimeAbi('electron', '999.0.0')).toThrow('Updating "node-abi" might help');
  });
});

const wanted: SqliteBuildTarget = { abi: '150', betterSqlite3Version: '12.11.1', platform: 'linux', arch: 'x64' };
const record = (changes: Partial<SqliteBuildTarget> = {}) =>
  JSON.stringify({ ...wanted, electronVersion: '45.5.0', ...changes });

describe('whether `npm start` must build better-sqlite3 for Electron', () => {
  it('builds when there is no binary for this ABI', () => {
    expect(sqliteBuildState(wanted, { binaryExists: false, record: undefined })).toEqual({
      state: 'missing',
      reason: 'there is no build for this ABI yet',
    });
  });

  it('keeps a binary recorded as built for this ABI, better-sqlite3 version, platform and architecture', () => {
    expect(sqliteBuildState(wanted, { binaryExists: true, record: record() })).toEqual({ state: 'fresh' });
  });

  it('rebuilds after better-sqlite3 was upgraded, saying from what to what', () => {
    expect(
      sqliteBuildState(wanted, { binaryExists: true, record: record({ betterSqlite3Version: '12.10.0' }) }),
    ).toEqual({ state: 'stale', reason: 'built for better-sqlite3 12.10.0 (now 12.11.1)' });
  });

  it('rebuilds a binary recorded for another ABI or architecture', () => {
    expect(sqliteBuildState(wanted, { binaryExists: true, record: record({ abi: '143', arch: 'arm64' }) })).toEqual({
      state: 'stale',
      reason: 'built for ABI 143 (now 150), architecture arm64 (now x64)',
    });
  });

  it('rebuilds a binary whose record is missing or unreadable (an interrupted install)', () => {
    const unknown = { state: 'stale', reason: 'the build has no readable record of what it was built for' };
    expect(sqliteBuildState(wanted, { binaryExists: true, record: undefined })).toEqual(unknown);
    expect(sqliteBuildState(wanted, { binaryExists: true, record: '{"abi": "15' })).toEqual(unknown);
    expect(sqliteBuildState(wanted, { binaryExists: true, record: 'null' })).toEqual(unknown);
  });
});

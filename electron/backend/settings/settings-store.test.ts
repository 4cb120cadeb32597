import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { SettingsStore } from './settings-store.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

describe('SettingsStore', () => {
  it('starts on the data engineer workspace with no project', () => {
    expect(new SettingsStore(temporaryFolder()).settings()).toEqual({ role: 'data-engineer', lastProjectPath: null });
  });

  it('remembers the role and the last project across restarts', () => {
    const dir = temporaryFolder();
    const store = new SettingsStore(dir);
    store.setRole('ml-engineer');
    store.rememberProject('/work/a', 'A');
    store.rememberProject('/work/b', 'B');
    store.rememberProject('/work/a', 'A');
    const reloaded = new SettingsStore(dir);
    expect(reloaded.settings()).toEqual({ role: 'ml-engineer', lastProjectPath: '/work/a' });
    expect(reloaded.recent().map((entry) => entry.path)).toEqual(['/work/a', '/work/b']);
  });

  it('keeps only the ten most recent projects', () => {
    const store = new SettingsStore(temporaryFolder());
    for (let index = 0; index < 14; index += 1) store.rememberProject(`/p/${index}`, `P${index}`);
    expect(store.recent()).toHaveLength(10);
    expect(store.recent()[0]?.path).toBe('/p/13');
  });

  it('sets an unreadable settings file aside and starts afresh', () => {
    const dir = temporaryFolder();
    writeFileSync(join(dir, 'settings.json'), '{ "role": "data-sci');
    const warnings: string[] = [];
    const store = new SettingsStore(dir, (message) => warnings.push(message));
    expect(store.settings().role).toBe('data-engineer');
    expect(warnings[0]).toContain('settings file was unreadable');
    const kept = readdirSync(dir).find((name) => name.startsWith('settings.json.unreadable-'));
    expect(kept && readFileSync(join(dir, kept), 'utf8')).toBe('{ "role": "data-sci');
  });

  it('replaces values of the wrong type with defaults, keeping the rest', () => {
    const dir = temporaryFolder();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ role: 'boss', lastProjectPath: '/x', recent: [] }));
    expect(new SettingsStore(dir).settings()).toEqual({ role: 'data-engineer', lastProjectPath: '/x' });
  });
});

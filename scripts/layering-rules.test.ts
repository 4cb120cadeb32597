import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const biome = join(root, 'node_modules', '.bin', 'biome');
const sandbox = mkdtempSync(join(tmpdir(), 'triad-layering-'));

// The project's own Biome rules, applied to probe files laid out like the project.
const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8'));
config.$schema = undefined;
config.vcs = { enabled: false };
writeFileSync(join(sandbox, 'biome.json'), JSON.stringify(config));

afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

let probeCount = 0;
function lint(path: string, source: string): string[] {
  const file = join(sandbox, path.replace(/\.ts$/, `-${probeCount++}.ts`));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  const result = spawnSync(biome, ['lint', '--max-diagnostics=50', file], { cwd: sandbox, encoding: 'utf8' });
  return [...`${result.stdout}${result.stderr}`.matchAll(/× (.*\(layering rule\)\.)/g)].map((match) => match[1] ?? '');
}

describe('layering rules (biome.json)', () => {
  it('keeps shared/ free of Node, Electron, UI and other layers', () => {
    expect(
      lint('shared/probe.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"),
    ).toHaveLength(1);
    expect(
      lint('shared/probe.ts', "import { app } from '../electron/backend/backend.js';\nexport const a = app;\n"),
    ).toHaveLength(1);
    expect(lint('shared/probe.ts', "import { ROLES } from './roles.js';\nexport const a = ROLES;\n")).toEqual([]);
  });

  it('keeps the backend runnable under plain Node', () => {
    expect(lint('electron/backend/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([
      'The backend runs under plain Node too: it may not import electron (layering rule).',
    ]);
    expect(
      lint('electron/cli/probe.ts', "import { App } from '../../renderer/src/app/App.js';\nexport const a = App;\n"),
    ).toHaveLength(1);
    expect(lint('electron/backend/probe.ts', "import { join } from 'node:path';\nexport const a = join;\n")).toEqual(
      [],
    );
  });

  it('lets the shell reach the backend only through its entry messages', () => {
    expect(
      lint(
        'electron/main/probe.ts',
        "import { startBackend } from '../backend/backend.js';\nexport const a = startBackend;\n",
      ),
    ).toHaveLength(1);
    expect(
      lint(
        'electron/main/probe.ts',
        "import { APP_DATA_ARG } from '../backend/host-messages.js';\nexport const a = APP_DATA_ARG;\n",
      ),
    ).toEqual([]);
    expect(
      lint('electron/preload/probe.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n"),
    ).toHaveLength(1);
  });

  it('keeps the renderer a sandboxed web page', () => {
    expect(
      lint('renderer/src/probe.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"),
    ).toHaveLength(1);
    expect(
      lint('renderer/src/probe.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"),
    ).toHaveLength(1);
    expect(
      lint(
        'renderer/src/probe.ts',
        "import { startBackend } from '../../electron/backend/backend.js';\nexport const a = startBackend;\n",
      ),
    ).toHaveLength(1);
    expect(
      lint('renderer/src/probe.ts', "import { ROLES } from '../../shared/roles.js';\nexport const a = ROLES;\n"),
    ).toEqual([]);
  });
});

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../electron/cli/command-table.js';
import { CLI, runTriad, runTriadOk, temporaryDir } from './harness.js';

const work = temporaryDir('cli-start');
const home = join(work.path, 'home');
const project = join(work.path, 'project');
const recorder = join(work.path, 'recorder.mjs');
const log = join(work.path, 'modules.log');

/** The packages a run of the CLI loaded, recorded by a module loader hook. */
function packagesLoaded(args: string[]): string[] {
  writeFileSync(log, '');
  const result = spawnSync(process.execPath, ['--import', recorder, CLI, ...args], {
    env: { ...process.env, TRIAD_HOME: home },
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  const packages = readFileSync(log, 'utf8').match(/node_modules\/(?:@[^/]+\/)?[^/]+/g) ?? [];
  return [...new Set(packages.map((path) => path.replace('node_modules/', '')))].sort();
}

beforeAll(() => {
  writeFileSync(
    recorder,
    `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`
import { appendFileSync } from 'node:fs';
export async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + '\\\\n'); return next(url, context); }
\`));
`,
  );
  runTriadOk(home, ['init', project]);
});
afterAll(() => work.remove());

describe('the CLI starts light', () => {
  it('loads no backend library for --help and --version, and only SQLite for status', () => {
    expect(packagesLoaded(['--help'])).toEqual(['commander']);
    expect(packagesLoaded(['--version'])).toEqual(['commander']);
    expect(packagesLoaded(['status', '--project', project])).toEqual(['better-sqlite3', 'commander']);
  });

  it('has one table entry per command module', () => {
    const modules = readdirSync(join(import.meta.dirname, '..', 'electron', 'cli', 'commands')).filter((file) =>
      file.endsWith('-command.ts'),
    );
    expect(COMMANDS.map((entry) => `${entry.name}-command.ts`).sort()).toEqual(modules.sort());
  });

  it('lists in its help every command of the table, each as its own module registers it', () => {
    const help = runTriadOk(home, ['--help']);
    for (const entry of COMMANDS) {
      expect(help).toContain(`  ${entry.term}`);
      const own = runTriad(home, [entry.name, '--help']);
      expect(own.code, `${entry.name}: ${own.stderr}`).toBe(0);
      const usage = own.stdout.split('\n')[0] ?? '';
      // The table's term names the same arguments the module declares.
      for (const word of entry.term.split(' ')) expect(usage).toContain(word);
      expect(own.stdout.replace(/\s+/g, ' ')).toContain(entry.summary);
    }
  });
});

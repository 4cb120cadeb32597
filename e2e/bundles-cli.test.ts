import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runTriad, runTriadOk, temporaryDir } from './harness.js';

const work = temporaryDir('bundles-cli');
const home = join(work.path, 'home');
const sample = join(work.path, 'sample');
const bundle = join(work.path, 'flight_delays.triad');
afterAll(() => work.remove());

const DIST = pathToFileURL(join(import.meta.dirname, '..', 'dist', 'electron', 'backend')).href;

const SMALL_PIPELINE =
  'name: mine\nsteps:\n  - name: only\n    kind: sql\n    with: { sql: "SELECT 1 AS one", table: ones }\n';

/** `triad bundle export` of the sample's pipeline, as its arguments. */
const exportArgs = (out: string, ...options: string[]) => [
  'bundle',
  'export',
  '--project',
  sample,
  '--pipeline',
  'flight_delays',
  '--out',
  out,
  ...options,
];

beforeAll(() => {
  runTriadOk(home, ['init', sample, '--sample']);
  runTriadOk(home, exportArgs(bundle, '--with-models', '--with-data'));
}, 120_000);

/** A new project holding a pipeline and a table of its own, to see that an import keeps them. */
function targetProject(name: string): string {
  const dir = join(work.path, name);
  runTriadOk(home, ['init', dir]);
  mkdirSync(join(dir, 'pipelines'), { recursive: true });
  writeFileSync(join(dir, 'pipelines', 'mine.yaml'), SMALL_PIPELINE);
  const csv = join(work.path, `${name}.csv`);
  writeFileSync(csv, 'id,value\n1,10\n2,20\n');
  runTriadOk(home, ['ingest', csv, '--table', 'numbers', '--project', dir]);
  return dir;
}

/** Everything an import may change, read without opening the project the way Triad does. */
function projectState(dir: string) {
  const db = new Database(join(dir, 'triad.sqlite'), { readonly: true });
  try {
    const rows = (sql: string) => db.prepare(sql).all();
    return {
      schema: rows("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"),
      tables: rows('SELECT name, row_count FROM triad_tables ORDER BY name'),
      definitions: [
        rows('SELECT name, definition FROM triad_entities'),
        rows('SELECT name, definition FROM triad_feature_views'),
        rows('SELECT name, definition FROM triad_feature_services'),
        rows('SELECT name, definition FROM triad_quality_checks'),
      ],
      models: rows('SELECT model, version, content_hash FROM triad_model_versions ORDER BY model, version'),
      pending: rows('SELECT target FROM triad_pending_files'),
      numbers: rows('SELECT * FROM numbers ORDER BY id'),
      pipelines: readdirSync(join(dir, 'pipelines')).sort(),
    };
  } finally {
    db.close();
  }
}

describe('triad bundle', () => {
  it('exports the same bytes every time, in any time zone', () => {
    const again = join(work.path, 'again.triad');
    const elsewhere = join(work.path, 'elsewhere.triad');
    runTriadOk(home, exportArgs(again, '--with-models', '--with-data'));
    const result = spawnSync(process.execPath, [CLI, ...exportArgs(elsewhere, '--with-models', '--with-data')], {
      env: { ...process.env, TRIAD_HOME: home, TZ: 'Pacific/Auckland' },
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(again).equals(readFileSync(bundle))).toBe(true);
    expect(readFileSync(elsewhere).equals(readFileSync(bundle))).toBe(true);
  }, 60_000);

  it('verifies a bundle and says what an import would change', () => {
    const alone = runTriad(home, ['bundle', 'verify', bundle]);
    expect(alone.code, alone.stderr).toBe(0);
    expect(alone.stdout).toMatch(/a whole bundle \(.*, 10 entries, every SHA-256 checked\)/);
    expect(alone.stdout).toContain(
      'holds pipeline flight_delays, 7 feature definitions, 0 code files, 1 run, 1 model version, 2 tables, 1 training set',
    );
    expect(alone.stdout).toContain('Signature: none');
    const against = JSON.parse(runTriadOk(home, ['bundle', 'verify', bundle, '--project', sample, '--json']));
    expect(new Set(against.items.map((item: { status: string }) => item.status))).toEqual(new Set(['identical']));
  }, 60_000);

  it('runs a bundle headless in a fresh project and reproduces its metrics', () => {
    const result = runTriad(home, ['bundle', 'run', bundle, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const run = JSON.parse(result.stdout);
    expect(run.run.state).toBe('succeeded');
    expect(run.project).toBeNull();
    expect(run.reproduced.same).toBe(true);
    expect(run.reproduced.metrics.find((metric: { name: string }) => metric.name === 'roc_auc').now).toBeGreaterThan(
      0.5,
    );
  }, 120_000);

  it('imports into a project, keeping what it had, and refuses a conflict until told what to do', () => {
    const dir = targetProject('target');
    const imported = JSON.parse(runTriadOk(home, ['bundle', 'import', bundle, '--project', dir, '--json']));
    expect(imported.pipeline).toBe('flight_delays');
    const state = projectState(dir);
    expect(state.pipelines).toEqual(['flight_delays.yaml', 'mine.yaml']);
    expect(state.numbers).toEqual([
      { id: 1, value: 10 },
      { id: 2, value: 20 },
    ]);
    writeFileSync(join(dir, 'pipelines', 'flight_delays.yaml'), SMALL_PIPELINE.replace('mine', 'flight_delays'));
    const before = projectState(dir);
    const refused = runTriad(home, ['bundle', 'import', bundle, '--project', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('1 item of the bundle conflicts with the project (pipeline flight_delays)');
    expect(projectState(dir)).toEqual(before);
    const chosen = runTriadOk(home, [
      'bundle',
      'import',
      bundle,
      '--project',
      dir,
      '--resolve',
      'pipeline:flight_delays=rename:fd_ana',
    ]);
    expect(chosen).toContain('Imported pipeline fd_ana (pipelines/fd_ana.yaml)');
    const malformed = runTriad(home, ['bundle', 'import', bundle, '--project', dir, '--resolve', 'flights=drop']);
    expect(malformed.stderr).toContain('"flights=drop" is not a resolution');
    const renamed = runTriadOk(home, ['bundle', 'import', bundle, '--project', dir, '--on-conflict', 'rename']);
    expect(renamed).toContain('Imported pipeline flight_delays_2 (pipelines/flight_delays_2.yaml)');
    expect(readFileSync(join(dir, 'pipelines', 'flight_delays.yaml'), 'utf8')).toContain('SELECT 1 AS one');
  }, 120_000);

  it('refuses a damaged bundle with the reason and writes nothing', () => {
    const dir = targetProject('damaged');
    const before = projectState(dir);
    const bytes = Buffer.from(readFileSync(bundle));
    // The middle of the file is inside the flights table's Parquet, which is stored as it is.
    const middle = bytes.length >> 1;
    bytes.writeUInt8((bytes.readUInt8(middle) ^ 0xff) & 0xff, middle);
    const damaged = join(work.path, 'damaged.triad');
    writeFileSync(damaged, bytes);
    for (const args of [
      ['bundle', 'verify', damaged],
      ['bundle', 'import', damaged, '--project', dir],
      ['bundle', 'run', damaged, '--project', dir],
      ['bundle', 'run', damaged],
    ]) {
      const result = runTriad(home, args);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /damaged\.triad was refused: entry data\/tables\/flights\.parquet has SHA-256 \w+, and its manifest says \w+/,
      );
    }
    const notZip = join(work.path, 'notes.triad');
    writeFileSync(notZip, 'just some text');
    expect(runTriad(home, ['bundle', 'import', notZip, '--project', dir]).stderr).toContain('it is not a zip archive');
    expect(projectState(dir)).toEqual(before);
  }, 60_000);

  it('requires a trusted signature where the project asks for one', () => {
    const dir = targetProject('signed');
    const alice = join(work.path, 'alice-home');
    const line = runTriadOk(alice, ['keys', 'create', '--name', 'alice', '--json']);
    const signed = join(work.path, 'signed.triad');
    runTriadOk(alice, exportArgs(signed, '--with-data', '--sign'));
    runTriadOk(home, ['keys', 'create', '--name', 'bob']);
    const bob = JSON.parse(runTriadOk(home, ['keys', 'show', '--json'])).publicKeyLine;
    runTriadOk(home, ['keys', 'trust', bob, '--project', dir]);
    runTriadOk(home, ['keys', 'require-signature', 'on', '--project', dir]);
    const before = projectState(dir);
    const unsigned = runTriad(home, ['bundle', 'import', bundle, '--project', dir]);
    expect(unsigned.stderr).toContain(
      'this project accepts only bundles signed by a key it trusts, and it is not signed',
    );
    const untrusted = runTriad(home, ['bundle', 'import', signed, '--project', dir]);
    expect(untrusted.stderr).toContain('a key this project does not trust');
    expect(projectState(dir)).toEqual(before);
    runTriadOk(home, ['keys', 'trust', JSON.parse(line).publicKeyLine, '--project', dir]);
    expect(runTriadOk(home, ['bundle', 'verify', signed, '--project', dir])).toContain('Signature: valid, by alice');
    expect(runTriadOk(home, ['bundle', 'import', signed, '--project', dir])).toContain(
      'Imported pipeline flight_delays',
    );
  }, 120_000);
});

/**
 * Imports the bundle into a project and kills itself with SIGKILL at the stage asked: while its
 * tables are staged, inside the transaction (as the feature definitions or the model versions are
 * written), or just after the commit, as the pipeline's file is about to be written.
 */
const IMPORTER = `
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const [projectDir, bundle, stage] = process.argv.slice(2);
if (stage === 'files') {
  const write = fs.writeFileSync;
  fs.writeFileSync = (path, ...rest) => {
    if (String(path).endsWith('.importing')) process.kill(process.pid, 'SIGKILL');
    return write(path, ...rest);
  };
  syncBuiltinESMExports();
}
const { openProject } = await import('${DIST}/db/project-folder.js');
const { importBundle } = await import('${DIST}/bundles/bundle-import.js');
const project = openProject(projectDir);
project.db.function('die', () => process.kill(process.pid, 'SIGKILL'));
const triggers = {
  definitions: 'CREATE TEMP TRIGGER die BEFORE INSERT ON triad_feature_views BEGIN SELECT die(); END',
  models: 'CREATE TEMP TRIGGER die BEFORE INSERT ON triad_model_versions BEGIN SELECT die(); END',
};
if (triggers[stage]) project.db.exec(triggers[stage]);
await importBundle(project, bundle, {
  onProgress: (progress) => {
    if (stage === 'rows' && progress.phase === 'staging tables' && progress.done > 0) process.kill(process.pid, 'SIGKILL');
  },
});
`;

function importer(): string {
  const file = join(work.path, 'importer.mjs');
  writeFileSync(file, IMPORTER);
  return file;
}

describe('a bundle import killed with SIGKILL', () => {
  it.each(['rows', 'definitions', 'models'])(
    'leaves the project as it was when killed at %s',
    (stage) => {
      const dir = targetProject(`killed-${stage}`);
      const before = projectState(dir);
      const killed = spawnSync(process.execPath, [importer(), dir, bundle, stage], { encoding: 'utf8' });
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      runTriadOk(home, ['status', '--project', dir]);
      expect(projectState(dir)).toEqual(before);
    },
    60_000,
  );

  it('writes the files the import recorded at the next open, when killed right after its commit', () => {
    const dir = targetProject('killed-files');
    const killed = spawnSync(process.execPath, [importer(), dir, bundle, 'files'], { encoding: 'utf8' });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(projectState(dir).pipelines).toEqual(['mine.yaml']);
    runTriadOk(home, ['status', '--project', dir]);
    const after = projectState(dir);
    expect(after.pipelines).toEqual(['flight_delays.yaml', 'mine.yaml']);
    expect(after.pending).toEqual([]);
    expect(after.models).toHaveLength(1);
    expect(readFileSync(join(dir, 'pipelines', 'flight_delays.yaml'), 'utf8')).toBe(
      readFileSync(join(sample, 'pipelines', 'flight_delays.yaml'), 'utf8'),
    );
  }, 60_000);
});

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { SUPPORTED_SCHEMA_VERSION } from '../electron/backend/db/migrations.js';
import { CLI, runTriad, startServer, temporaryDir } from './harness.js';

const VEGA = join(import.meta.dirname, '..', 'node_modules', 'vega-datasets', 'data');
const CONFORMANCE = join(
  import.meta.dirname,
  '../electron/backend/ingest/conformance/arrow-testing/data/arrow-ipc-stream/integration/1.0.0-bigendian',
);
const home = temporaryDir('home');
const work = temporaryDir('work');

afterAll(() => {
  home.remove();
  work.remove();
});

/** What a command run without --project says on stderr. */
const DEFAULT_PROJECT_LINE = `Project: Flights sample (${join(home.path, 'default-project')}), the default project — pass --project DIR to use another\n`;

function triad(...args: string[]) {
  return runTriad(home.path, args);
}

describe('triad CLI', () => {
  it('lists its commands', () => {
    const { code, stdout } = triad('--help');
    expect(code).toBe(0);
    for (const command of [
      'init',
      'serve',
      'status',
      'ingest',
      'sql',
      'apply',
      'materialize',
      'features',
      'check',
      'stats',
      'tables',
    ])
      expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it('creates a project with init, human-readable and as JSON', () => {
    const human = triad('init', join(work.path, 'a'), '--name', 'Alpha');
    expect(human.code).toBe(0);
    expect(human.stdout.trim()).toBe(`Created project "Alpha" in ${join(work.path, 'a')}`);
    const json = triad('init', join(work.path, 'b'), '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({
      name: 'b',
      path: join(work.path, 'b'),
      schemaVersion: SUPPORTED_SCHEMA_VERSION,
    });
    expect(existsSync(join(work.path, 'b', 'triad.sqlite'))).toBe(true);
  });

  it('exits non-zero with a clear message when init would overwrite a project', () => {
    const { code, stderr } = triad('init', join(work.path, 'a'));
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`triad: ${join(work.path, 'a')} already holds a Triad project: open it instead.`);
    const json = triad('init', join(work.path, 'a'), '--json');
    expect(JSON.parse(json.stdout)).toEqual({
      error: { code: 'already_exists', message: expect.stringContaining('already holds') },
    });
  });

  it('reports a project with status, defaulting to the embedded default project', () => {
    const named = triad('status', '--project', join(work.path, 'a'), '--json');
    expect(named.code).toBe(0);
    expect(JSON.parse(named.stdout)).toMatchObject({
      project: { name: 'Alpha' },
      facts: { tables: [], runs: 0, models: 0 },
    });
    expect(named.stderr).toBe(`Project: Alpha (${join(work.path, 'a')})\n`);
    const fallback = triad('status');
    expect(fallback.code).toBe(0);
    expect(fallback.stdout).toContain(`Project "Flights sample" (${join(home.path, 'default-project')})`);
    expect(fallback.stderr).toBe(DEFAULT_PROJECT_LINE);
  });

  it('names the default project on stderr when --project is not given, leaving --json output whole', () => {
    const query = triad('sql', 'SELECT 1 AS one', '--json');
    expect(query.code).toBe(0);
    expect(query.stderr).toBe(DEFAULT_PROJECT_LINE);
    expect(JSON.parse(query.stdout)).toEqual({ columns: [{ name: 'one', type: null }], rows: [[1]], truncated: false });
    const stats = triad('stats', 'flights', '--json');
    expect(stats.stderr).toBe(DEFAULT_PROJECT_LINE);
    expect(JSON.parse(stats.stdout)).toMatchObject({ source: 'flights' });
  });

  it('exits non-zero for a folder that is not a project, and for bad arguments', () => {
    const notProject = triad('status', '--project', work.path);
    expect(notProject.code).toBe(1);
    expect(notProject.stderr).toContain('is not a Triad project: it has no triad.sqlite');
    const badPort = triad('serve', '--port', 'eighty');
    expect(badPort.code).not.toBe(0);
    expect(badPort.stderr).toContain('"eighty" is not a port number (0 to 65535)');
    expect(triad('frobnicate').code).not.toBe(0);
  });

  it('imports a real CSV with ingest and queries it read-only with sql', () => {
    const project = join(work.path, 'a');
    const weather = join(VEGA, 'seattle-weather.csv');
    const preview = triad('ingest', weather, '--table', 'weather', '--preview', '--json');
    expect(JSON.parse(preview.stdout).columns.map((column: { type: string }) => column.type)).toEqual([
      'date',
      'real',
      'real',
      'real',
      'real',
      'text',
    ]);
    const imported = triad('ingest', weather, '--table', 'weather', '--project', project);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^Created table weather with 1,461 rows in [\d.]+ s; 0 rows quarantined\./);
    const untouched = triad('ingest', weather, '--table', 'weather', '--project', project);
    expect(untouched.code).toBe(1);
    expect(untouched.stderr).toBe(
      `Project: Alpha (${project})\ntriad: table weather already exists, so nothing was imported: choose mode append to add the rows to it, or replace to replace it\n`,
    );
    const rows = triad(
      'sql',
      'SELECT date, weather FROM weather WHERE date = (SELECT max(date) FROM weather)',
      '--project',
      project,
      '--json',
    );
    expect(JSON.parse(rows.stdout)).toEqual({
      columns: [
        { name: 'date', type: 'date' },
        { name: 'weather', type: 'text' },
      ],
      rows: [['2015-12-31', 'sun']],
      truncated: false,
    });
    const again = triad('ingest', weather, '--table', 'weather', '--project', project, '--mode', 'append', '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ rowsImported: 1461, mode: 'append', created: false });
    expect(JSON.parse(triad('status', '--project', project, '--json').stdout).facts.tables).toEqual([
      { name: 'weather', rows: 2922 },
    ]);
    const replaced = triad('ingest', weather, '--table', 'weather', '--project', project, '--mode', 'replace');
    expect(replaced.stdout).toMatch(/^Replaced weather with 1,461 rows in /);
    const appended = triad('ingest', weather, '--table', 'weather', '--project', project, '--mode', 'append');
    expect(appended.stdout).toMatch(/^Appended 1,461 rows to weather in /);
  });

  it('imports a many-batch file through its reader thread, quarantining bad rows in every batch with their numbers', () => {
    const project = join(work.path, 'batches');
    const file = join(work.path, 'orders.csv');
    const lines = ['id,amount,at'];
    for (let row = 1; row <= 35_000; row += 1) {
      if (row === 20_000) lines.push(`${row},1`);
      else if (row === 5 || row === 15_000 || row === 34_999) lines.push(`${row},lots,2024-01-01T00:00:00Z`);
      else lines.push(`${row},${row % 100},2024-01-01T00:00:00Z`);
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect(triad('init', project).code).toBe(0);
    const typed = ['--type', 'amount=integer'];
    const refused = triad(
      'ingest',
      file,
      '--table',
      'orders',
      '--project',
      project,
      ...typed,
      '--max-quarantined',
      '3',
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('more than 3 rows do not fit the schema (first: row 5: column amount');
    const imported = JSON.parse(
      triad('ingest', file, '--table', 'orders', '--project', project, ...typed, '--json').stdout,
    );
    expect(imported.rowsImported).toBe(34_996);
    expect(imported.quarantine.map((row: { rowNumber: number }) => row.rowNumber)).toEqual([5, 15_000, 20_000, 34_999]);
    expect(imported.quarantine[2].reason).toMatch(/field/);
    const totals = JSON.parse(
      triad('sql', 'SELECT count(*), sum(amount), min(id), max(id) FROM orders', '--project', project, '--json').stdout,
    );
    const expectedSum = Array.from({ length: 35_000 }, (_, index) => index + 1)
      .filter((row) => ![5, 15_000, 20_000, 34_999].includes(row))
      .reduce((sum, row) => sum + (row % 100), 0);
    expect(totals.rows[0]).toEqual([34_996, expectedSum, 1, 35_000]);
  });

  it('imports a Parquet file with several reader threads in file order, the same as with one', () => {
    const project = join(work.path, 'readers');
    const file = join(work.path, 'groups.parquet');
    const rows = 25_000;
    parquetWriteFile({
      filename: file,
      columnData: [
        { name: 'id', data: Int32Array.from({ length: rows }, (_, i) => i), type: 'INT32', nullable: false },
        { name: 'label', data: Array.from({ length: rows }, (_, i) => `row ${i}`), type: 'STRING' },
        { name: 'value', data: Array.from({ length: rows }, (_, i) => (i % 7 === 0 ? null : i / 4)), type: 'DOUBLE' },
      ],
      rowGroupSize: 4_000,
    });
    expect(triad('init', project).code).toBe(0);
    const summary = (table: string) =>
      JSON.parse(
        triad(
          'sql',
          `SELECT count(*), sum(id), sum(value), count(value), max(label),
             (SELECT count(*) FROM (SELECT id, row_number() OVER (ORDER BY rowid) AS n FROM ${table}) WHERE id != n - 1)
           FROM ${table}`,
          '--project',
          project,
          '--json',
        ).stdout,
      ).rows[0];
    for (const [table, readers] of [
      ['one_reader', '1'],
      ['three_readers', '3'],
    ] as const) {
      const imported = triad('ingest', file, '--table', table, '--readers', readers, '--project', project, '--json');
      expect(imported.code).toBe(0);
      expect(JSON.parse(imported.stdout).rowsImported).toBe(rows);
    }
    expect(summary('three_readers')).toEqual(summary('one_reader'));
    expect(summary('three_readers')).toEqual([
      rows,
      (rows * (rows - 1)) / 2,
      expect.any(Number),
      21_428,
      'row 9999',
      0,
    ]);
  });

  it('refuses writes and bad SQL in sql, and bad schema edits in ingest, with clear messages', () => {
    const project = join(work.path, 'a');
    const write = triad('sql', 'DROP TABLE weather', '--project', project);
    expect(write.code).toBe(1);
    expect(write.stderr).toContain(
      'only a query that reads (SELECT, WITH … SELECT or VALUES) can run here; this statement would change the project',
    );
    const hiddenWrite = triad('sql', 'WITH doomed AS (SELECT 1) DELETE FROM weather', '--project', project);
    expect(hiddenWrite.code).toBe(1);
    expect(hiddenWrite.stderr).toContain('this statement would change the project');
    const second = triad('sql', 'SELECT count(*) FROM weather; DELETE FROM weather', '--project', project, '--json');
    expect(second.code).toBe(1);
    expect(JSON.parse(second.stdout).error.message).toBe(
      'only one statement can run here, and this SQL holds more than one: keep a single query (SELECT, WITH … SELECT or VALUES)',
    );
    expect(triad('sql', "ATTACH '/tmp/elsewhere.sqlite' AS elsewhere", '--project', project).stderr).toContain(
      'only a query (SELECT, WITH … SELECT or VALUES) can run here: near "ATTACH": syntax error',
    );
    expect(triad('sql', "SELECT load_extension('/tmp/anything.so')", '--project', project).stderr).toContain(
      'SQL error: not authorized',
    );
    expect(
      JSON.parse(triad('sql', 'SELECT count(*) FROM weather', '--project', project, '--json').stdout).rows,
    ).toEqual([[2922]]);
    expect(triad('sql', `SELECT '${'x'.repeat(45)}' AS long`, '--project', project).stdout).toBe(
      `long\n${'-'.repeat(40)}\n${'x'.repeat(39)}…\n(1 row)\n`,
    );
    expect(triad('sql', 'SELEC 1', '--project', project).stderr).toContain('SQL error: near "SELEC": syntax error');
    const endless = triad(
      'sql',
      'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c',
      '--project',
      project,
      '--timeout',
      '1',
    );
    expect(endless.code).toBe(1);
    expect(endless.stderr).toContain('the query ran longer than 1 s and was stopped');
    const badType = triad(
      'ingest',
      join(VEGA, 'stocks.csv'),
      '--table',
      's',
      '--type',
      'price=money',
      '--project',
      project,
    );
    expect(badType.code).not.toBe(0);
    expect(badType.stderr).toContain('"money" is not a column type');
    const badReaders = triad(
      'ingest',
      join(VEGA, 'stocks.csv'),
      '--table',
      's',
      '--readers',
      'two',
      '--project',
      project,
    );
    expect(badReaders.code).not.toBe(0);
    expect(badReaders.stderr).toContain('"two" is not a whole number');
    const unknownColumn = triad(
      'ingest',
      join(VEGA, 'stocks.csv'),
      '--table',
      's',
      '--skip',
      'volume',
      '--project',
      project,
    );
    expect(unknownColumn.stderr).toContain(
      '--skip: the file has no column "volume" (its columns: symbol, date, price)',
    );
    const scratch = join(work.path, 'scratch');
    expect(triad('init', scratch).code).toBe(0);
    const folder = triad('ingest', VEGA, '--table', 'f', '--project', scratch);
    expect(folder.stderr).toBe(`triad: ${VEGA} is a folder: choose a file inside it\n`);
    const unnamed = join(work.path, 'readings.dat');
    writeFileSync(unnamed, 'a,b\n1,2\n');
    const unknownFormat = triad('ingest', unnamed, '--table', 'readings', '--project', scratch);
    expect(unknownFormat.code).toBe(1);
    expect(unknownFormat.stderr).toContain(`cannot tell the format of ${unnamed} from its extension: CSV files end in`);
    expect(unknownFormat.stderr).toMatch(/; or name its format with --format csv, ndjson, parquet or arrow\n$/);
    expect(triad('ingest', unnamed, '--table', 'readings', '--format', 'csv', '--project', scratch).code).toBe(0);

    const messy = join(work.path, 'messy.csv');
    writeFileSync(
      messy,
      `n\n${Array.from({ length: 30 }, (_, row) => (row < 25 ? `x${row}` : `${row}`)).join('\n')}\n`,
    );
    const quarantined = triad('ingest', messy, '--table', 'messy', '--type', 'n=integer', '--project', scratch);
    expect(quarantined.stdout).toContain('5 rows in');
    expect(quarantined.stdout.match(/^ {2}quarantined row \d+: /gm)).toHaveLength(20);
    expect(quarantined.stdout).toContain('  …and 5 more rows: every quarantined row, with its values, is in the');
  });

  it('imports a big-endian Arrow stream with its values, and fails an import where no row fits', () => {
    const project = join(work.path, 'formats');
    expect(triad('init', project).code).toBe(0);
    const bigEndian = join(CONFORMANCE, 'generated_null.stream');
    expect(triad('ingest', bigEndian, '--format', 'arrow', '--table', 'nulls', '--project', project).code).toBe(0);
    const stored = triad('sql', 'SELECT f1 FROM nulls WHERE f1 IS NOT NULL LIMIT 1', '--project', project, '--json');
    expect(JSON.parse(stored.stdout).rows).toEqual([[2147483647]]);
    const words = join(work.path, 'words.csv');
    writeFileSync(words, 'n\nx\ny\n');
    const failed = triad(
      'ingest',
      words,
      '--table',
      'nulls',
      '--mode',
      'replace',
      '--type',
      'n=integer',
      '--project',
      project,
    );
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain(
      `none of the file's 2 rows could be imported (row 1: column n: expected an integer`,
    );
    expect(triad('sql', 'SELECT count(*) FROM nulls', '--project', project, '--json').stdout).toContain('[10]');
  });

  it('applies feature definitions, showing the changes, and refuses broken ones with line numbers', () => {
    const project = join(work.path, 'a');
    const events = join(work.path, 'events.csv');
    writeFileSync(events, 'user_id,ts,amount\n1,2024-01-01T00:00:00Z,9.5\n2,2024-01-02T00:00:00Z,3\n');
    expect(triad('ingest', events, '--table', 'events', '--project', project).code).toBe(0);
    const file = join(work.path, 'features.yaml');
    writeFileSync(
      file,
      'entities:\n  - name: user\n    join_keys: [user_id]\nfeature_views:\n  - name: spend\n    entities: [user]\n    source: SELECT user_id, ts, amount FROM events\n    timestamp_field: ts\n    ttl: 30d\n',
    );
    const dry = triad('apply', file, '--project', project, '--dry-run');
    expect(dry.stdout).toBe(
      '  + entity user\n  + feature view spend\n2 changes would be applied (dry run: nothing was written).\n',
    );
    expect(triad('apply', file, '--project', project).stdout).toContain('Applied 2 changes.');
    expect(
      JSON.parse(triad('sql', 'SELECT amount FROM spend ORDER BY user_id', '--project', project, '--json').stdout).rows,
    ).toEqual([[9.5], [3]]);
    writeFileSync(
      file,
      'feature_views:\n  - name: spend\n    entities: [user]\n    source: SELECT nope FROM events\n    timestamp_field: ts\n',
    );
    const broken = triad('apply', file, '--project', project);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('features.yaml has 2 problems; nothing was applied');
    expect(broken.stderr).toContain('features.yaml:2: feature view spend uses entity user, which is not defined');
    expect(broken.stderr).toContain('features.yaml:2: feature view spend: SQL error: no such column: nope');
  });

  it('deletes definitions the file no longer holds only with --yes, printing them first', () => {
    const project = join(work.path, 'deleting');
    expect(triad('init', project).code).toBe(0);
    const events = join(work.path, 'delete-events.csv');
    writeFileSync(events, 'user_id,ts,amount\n1,2024-01-01T00:00:00Z,9.5\n');
    expect(triad('ingest', events, '--table', 'events', '--project', project).code).toBe(0);
    const file = join(work.path, 'delete-features.yaml');
    const entity = 'entities:\n  - name: user\n    join_keys: [user_id]\n';
    writeFileSync(
      file,
      `${entity}feature_views:\n  - name: spend\n    entities: [user]\n    source: SELECT user_id, ts, amount FROM events\n    timestamp_field: ts\n`,
    );
    expect(triad('apply', file, '--project', project).stdout).toContain('Applied 2 changes.');
    expect(triad('materialize', '--project', project).code).toBe(0);
    writeFileSync(file, entity);
    const refused = triad('apply', file, '--project', project);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `Project: deleting (${project})\n` +
        'triad: applying would delete 1 object, so nothing was applied:\n  - feature view spend\nCheck the list (a feature view goes with its online table and materialization history), then run again with --yes to delete them.\n',
    );
    const refusedJson = JSON.parse(triad('apply', file, '--project', project, '--json').stdout);
    expect(refusedJson.error.deletions).toEqual([{ kind: 'feature view', name: 'spend', action: 'delete' }]);
    const tables = () =>
      JSON.parse(
        triad(
          'sql',
          "SELECT name FROM sqlite_master WHERE name LIKE '%spend%' ORDER BY name",
          '--project',
          project,
          '--json',
        ).stdout,
      ).rows;
    expect(tables()).toEqual([['spend'], ['triad_online__spend']]);
    expect(triad('apply', file, '--project', project, '--dry-run').stdout).toBe(
      '    entity user (unchanged)\n  - feature view spend\n1 change would be applied (dry run: nothing was written).\n',
    );
    const applied = triad('apply', file, '--project', project, '--yes');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Applied 1 change.');
    expect(tables()).toEqual([]);
  });

  it('drops a table, refusing one feature views read unless --force, and an unknown one', () => {
    const project = join(work.path, 'dropping');
    const projectLine = `Project: dropping (${project})\n`;
    expect(triad('init', project).code).toBe(0);
    const events = join(work.path, 'drop-events.csv');
    writeFileSync(events, 'user_id,ts,amount\n1,2024-01-01T00:00:00Z,9.5\n');
    for (const table of ['events', 'scratch']) {
      const ingested = triad('ingest', events, '--table', table, '--project', project, '--json');
      expect(ingested.stderr).toBe(projectLine);
      expect(JSON.parse(ingested.stdout)).toMatchObject({ table, rowsImported: 1 });
    }
    const file = join(work.path, 'drop-features.yaml');
    writeFileSync(
      file,
      'entities:\n  - name: user\n    join_keys: [user_id]\nfeature_views:\n  - name: spend\n    entities: [user]\n    source: SELECT user_id, ts, amount FROM events\n    timestamp_field: ts\n',
    );
    const applied = triad('apply', file, '--project', project, '--json');
    expect(applied.stderr).toBe(projectLine);
    expect(JSON.parse(applied.stdout)).toMatchObject({ applied: true });

    const dropped = triad('tables', 'drop', 'scratch', '--project', project);
    expect(dropped.code).toBe(0);
    expect(dropped.stdout).toBe('Dropped table scratch\n');
    expect(dropped.stderr).toBe(projectLine);

    const refused = triad('tables', 'drop', 'events', '--project', project);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('triad: events is read by feature views spend, so it was not dropped');
    const unknown = triad('tables', 'drop', 'nothing', '--project', project, '--json');
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout)).toEqual({
      error: { code: 'not_found', message: 'there is no table named nothing (tables: events)' },
    });

    const forced = triad('tables', 'drop', 'events', '--force', '--project', project, '--json');
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({
      table: 'events',
      leftBehind: { featureViews: ['spend'], qualityChecks: [], trainingSets: [] },
    });
    expect(JSON.parse(triad('status', '--project', project, '--json').stdout).facts.tables).toEqual([]);
  });

  it('refuses a feature view whose source holds a second statement, and keeps every row', () => {
    const project = join(work.path, 'a');
    const file = join(work.path, 'sneaky.yaml');
    writeFileSync(
      file,
      'entities:\n  - name: user\n    join_keys: [user_id]\nfeature_views:\n  - name: spend\n    entities: [user]\n    source: "SELECT user_id, ts, amount FROM events; DELETE FROM weather; UPDATE triad_imports SET status = \'failed\'"\n    timestamp_field: ts\n',
    );
    const applied = triad('apply', file, '--project', project);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain(
      'sneaky.yaml:5: feature view spend: only one statement can run here, and this SQL holds more than one',
    );
    expect(triad('sql', 'SELECT count(*) AS n FROM weather', '--project', project).stdout).toContain('2922');
    expect(
      triad('sql', "SELECT count(*) FROM triad_imports WHERE status = 'failed'", '--project', project, '--json').stdout,
    ).toContain('"rows":[\n[0]\n]');
  });

  it('prints integers past 2^53 exactly and BLOBs as hex, in the table and in JSON', () => {
    const project = join(work.path, 'a');
    const query = "SELECT 9007199254740993 AS big, -9223372036854775808 AS least, x'0A0BFF' AS bytes, 1.5 AS r";
    const table = triad('sql', query, '--project', project);
    expect(table.stdout).toContain("9007199254740993  -9223372036854775808  X'0A0BFF'  1.5");
    expect(JSON.parse(triad('sql', query, '--project', project, '--json').stdout).rows).toEqual([
      ['9007199254740993', '-9223372036854775808', "X'0A0BFF'", 1.5],
    ]);
  });

  it('streams a 3,000,000-row result as JSON in bounded memory, and caps the table', () => {
    const project = join(work.path, 'a');
    const rows = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 3000000)';
    const out = join(work.path, 'three-million.json');
    const file = openSync(out, 'w');
    // A 64 MB heap for the CLI and its query process: holding the result would run out of memory.
    const streamed = spawnSync(
      process.execPath,
      [
        '--max-old-space-size=64',
        CLI,
        'sql',
        `${rows} SELECT x, 'row ' || x AS label FROM c`,
        '--limit',
        '3000000',
        '--json',
        '--project',
        project,
      ],
      { env: { ...process.env, TRIAD_HOME: home.path }, stdio: ['ignore', file, 'pipe'], encoding: 'utf8' },
    );
    closeSync(file);
    expect(streamed.stderr).toBe(`Project: Alpha (${project})\n`);
    expect(streamed.status).toBe(0);
    const lines = readFileSync(out, 'utf8').split('\n');
    expect(lines.length).toBe(3_000_003);
    expect(lines.slice(0, 3)).toEqual([
      '{"columns":[{"name":"x","type":null},{"name":"label","type":null}],"rows":[',
      '[1,"row 1"],',
      '[2,"row 2"],',
    ]);
    expect(lines.slice(-3)).toEqual(['[3000000,"row 3000000"]', '],"truncated":false}', '']);

    const table = triad('sql', `${rows} SELECT x FROM c`, '--project', project, '--limit', '3000000');
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n').length).toBe(10_000 + 4);
    expect(table.stdout).toContain('\n10000\n(10,000 rows shown; more rows not shown, use --json to print them all)\n');
    // Rows read ahead while the table filled are counted, as reading them cost nothing more.
    const few = triad('sql', `${rows} SELECT x FROM c LIMIT 12000`, '--project', project, '--limit', '20000');
    expect(few.stdout).toContain('\n10000\n(10,000 of 12,000 rows shown, use --json to print them all)\n');
  });

  it('takes --limit up to 10,000,000 rows, stops reading once the table is full, and refuses more', () => {
    const project = join(work.path, 'a');
    const endless = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c';
    // Reading all 10,000,000 rows only to count them would take far longer than the timeout.
    const capped = triad('sql', endless, '--project', project, '--limit', '10000000', '--timeout', '5');
    expect(capped.stderr).toBe(`Project: Alpha (${project})\n`);
    expect(capped.code).toBe(0);
    expect(capped.stdout).toContain(
      '\n10000\n(10,000 rows shown; more rows not shown, use --json to print them all)\n',
    );
    const limited = triad('sql', endless, '--project', project, '--limit', '5000');
    expect(limited.stdout).toContain('\n5000\n(5,000 rows; more rows matched, raise --limit to see them)\n');
    const tooMany = triad('sql', endless, '--project', project, '--limit', '10000001');
    expect(tooMany.code).not.toBe(0);
    expect(tooMany.stderr).toContain('"10000001" is more than the 10,000,000 allowed');
  });

  it('prints statistics of a table, with a histogram drawn in the terminal', () => {
    const project = join(work.path, 'a');
    const text = triad('stats', 'weather', '--project', project);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('weather: 2,922 rows');
    expect(text.stdout).toMatch(/temp_max \(real\): 2,922 rows, 0 nulls, \d+ distinct/);
    expect(text.stdout).toContain('█');
    const json = JSON.parse(triad('stats', 'weather', '--project', project, '--json').stdout);
    expect(json.columns.find((column: { name: string }) => column.name === 'weather').topValues[0]).toEqual({
      value: 'rain',
      count: 1282,
    });
    expect(triad('stats', 'nope', '--project', project).stderr).toContain(
      'there is no table or feature view named nope',
    );
  });

  it('serves a project headless and answers contract calls over HTTP', async () => {
    const server = await startServer(['--project', join(work.path, 'a'), '--model-port', '0'], {
      TRIAD_HOME: home.path,
    });
    try {
      expect(server.summary.project.name).toBe('Alpha');
      expect(server.stderr()).toContain(`Project: Alpha (${join(work.path, 'a')})\n`);
      expect(server.summary.services.map((service) => service.state)).toEqual(['up', 'up', 'up']);
      const response = await fetch(`${server.url}/api/invoke/project.facts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect((await response.json()).result).toMatchObject({
        schemaVersion: SUPPORTED_SCHEMA_VERSION,
        tables: [
          { name: 'events', rows: 2 },
          { name: 'weather', rows: 2922 },
        ],
        featureViews: 1,
      });
    } finally {
      await server.stop();
    }
  });

  it('refuses to serve a project path that cannot be opened', async () => {
    await expect(startServer(['--project', '/no/such/project'], { TRIAD_HOME: home.path })).rejects.toThrow(
      'There is no folder at /no/such/project',
    );
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Project } from '../db/project.js';
import { createProject, DATABASE_FILE } from '../db/project-folder.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { importFile } from '../use-cases/import-file.js';
import { applyDefinitions, UnconfirmedDeletionsError } from './apply-definitions.js';
import { materialize } from './materialize.js';
import { DefinitionsError, parseDefinitions } from './parse-definitions.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const VEGA = join(import.meta.dirname, '..', '..', '..', 'node_modules', 'vega-datasets', 'data');

const DEFINITIONS = `
entities:
  - name: airport
    join_keys: [origin]
feature_views:
  - name: airport_delays
    entities: [airport]
    source: |
      SELECT origin, date AS event_ts, delay, distance FROM flights
    timestamp_field: event_ts
    ttl: 7d
  - name: airport_recent
    entities: [airport]
    source: SELECT origin, event_ts, delay AS last_delay FROM airport_delays
    timestamp_field: event_ts
feature_services:
  - name: delay_model
    features: [airport_delays:delay, airport_recent]
`;

/** A project holding vega-datasets' flights-10k as the flights table. */
async function flightsProject(): Promise<Project> {
  const dir = join(temporaryFolder('features'), 'project');
  createProject(dir).close();
  const flights = JSON.parse(readFileSync(join(VEGA, 'flights-10k.json'), 'utf8')) as object[];
  const file = join(temporaryFolder('files'), 'flights.ndjson');
  writeFileSync(file, flights.map((flight) => JSON.stringify(flight)).join('\n'));
  await importFile(join(dir, DATABASE_FILE), { file, table: 'flights', mode: 'replace' });
  const { openProject } = await import('../db/project-folder.js');
  return openProject(dir);
}

function problems(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof DefinitionsError)
      return error.problems.map((problem) => `${problem.line}: ${problem.message}`);
    throw error;
  }
  throw new Error('expected the definitions to be refused');
}

describe('applying feature definitions', () => {
  it('creates entities, feature views as SQL views, and services; then reports nothing to change', async () => {
    const project = await flightsProject();
    const parsed = parseDefinitions(DEFINITIONS, 'features.yaml');
    expect(
      applyDefinitions(project.db, parsed, 'features.yaml', false).map(
        (change) => `${change.action} ${change.kind} ${change.name}`,
      ),
    ).toEqual([
      'create entity airport',
      'create feature view airport_delays',
      'create feature view airport_recent',
      'create feature service delay_model',
    ]);
    expect(
      project.db
        .prepare(
          "SELECT origin, event_ts, last_delay FROM airport_recent WHERE origin = 'DTW' ORDER BY event_ts LIMIT 1",
        )
        .get(),
    ).toEqual({
      origin: 'DTW',
      event_ts: Date.UTC(2001, 0, 1, 0, 47),
      last_delay: 66,
    });
    expect(
      applyDefinitions(project.db, parsed, 'features.yaml', false).every((change) => change.action === 'unchanged'),
    ).toBe(true);
    project.close();
  });

  it('shows updates and deletions in a dry run without writing them', async () => {
    const project = await flightsProject();
    applyDefinitions(project.db, parseDefinitions(DEFINITIONS, 'f.yaml'), 'f.yaml', false);
    const edited = DEFINITIONS.replace('ttl: 7d', 'ttl: 1d').replace(/feature_services:[\s\S]*$/, '');
    const changes = applyDefinitions(project.db, parseDefinitions(edited, 'f.yaml'), 'f.yaml', true);
    expect(changes.filter((change) => change.action !== 'unchanged')).toEqual([
      { kind: 'feature view', name: 'airport_delays', action: 'update' },
      { kind: 'feature service', name: 'delay_model', action: 'delete' },
    ]);
    expect(
      JSON.parse(
        (
          project.db.prepare("SELECT definition FROM triad_feature_views WHERE name = 'airport_delays'").get() as {
            definition: string;
          }
        ).definition,
      ).ttl,
    ).toBe('7d');
    expect(project.db.prepare('SELECT count(*) AS n FROM triad_feature_services').get()).toEqual({ n: 1 });
    project.close();
  });

  it('refuses deletions nobody confirmed, leaving every object, online table and materialization in place', async () => {
    const project = await flightsProject();
    applyDefinitions(project.db, parseDefinitions(DEFINITIONS, 'f.yaml'), 'f.yaml', false);
    materialize(project.db, ['airport_delays'], () => ({ startMs: null, endMs: Date.UTC(2030, 0, 1) }));
    const state = () =>
      project.db
        .prepare(
          `SELECT (SELECT count(*) FROM triad_entities) + (SELECT count(*) FROM triad_feature_views)
             + (SELECT count(*) FROM triad_feature_services) AS objects,
           (SELECT count(*) FROM sqlite_master WHERE name LIKE 'triad\\_online\\_\\_%' ESCAPE '\\') AS online_tables,
           (SELECT count(*) FROM triad_materializations) AS materializations`,
        )
        .get();
    const before = state();
    expect(before).toEqual({ objects: 4, online_tables: 1, materializations: 1 });
    const empty = parseDefinitions('', 'f.yaml');
    let refused: unknown;
    try {
      applyDefinitions(project.db, empty, 'f.yaml', false);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(UnconfirmedDeletionsError);
    expect((refused as UnconfirmedDeletionsError).deletions.map((change) => change.name)).toEqual([
      'airport',
      'airport_delays',
      'airport_recent',
      'delay_model',
    ]);
    expect((refused as Error).message).toMatch(/^applying would delete entity airport, feature view airport_delays/);
    // Confirming only some of the deletions is still a refusal.
    expect(() =>
      applyDefinitions(project.db, empty, 'f.yaml', false, [{ kind: 'feature service', name: 'delay_model' }]),
    ).toThrow(UnconfirmedDeletionsError);
    expect(state()).toEqual(before);
    expect(project.db.prepare('SELECT count(*) AS n FROM airport_delays').get()).toEqual({ n: 10_000 });
    project.close();
  });

  it('deletes a view with its online table and materialization history; a failed apply keeps them', async () => {
    const project = await flightsProject();
    applyDefinitions(project.db, parseDefinitions(DEFINITIONS, 'f.yaml'), 'f.yaml', false);
    materialize(project.db, ['airport_delays', 'airport_recent'], () => ({
      startMs: null,
      endMs: Date.UTC(2030, 0, 1),
    }));
    const leftovers = () =>
      project.db
        .prepare(
          `SELECT (SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE name LIKE '%airport_recent%' ORDER BY name)) AS objects,
             (SELECT count(*) FROM triad_materializations WHERE feature_view = 'airport_recent') AS materializations`,
        )
        .get();
    expect(leftovers()).toEqual({ objects: 'airport_recent,triad_online__airport_recent', materializations: 1 });
    const withoutRecent = DEFINITIONS.replace(
      / {2}- name: airport_recent[\s\S]*?timestamp_field: event_ts\n/,
      '',
    ).replace('airport_delays:delay, airport_recent', 'airport_delays:delay');
    const broken = withoutRecent.replace('delay, distance FROM flights', 'delay, distanse FROM flights');
    expect(() => applyDefinitions(project.db, parseDefinitions(broken, 'f.yaml'), 'f.yaml', false, 'all')).toThrow(
      DefinitionsError,
    );
    expect(leftovers()).toEqual({ objects: 'airport_recent,triad_online__airport_recent', materializations: 1 });
    const confirmed = [{ kind: 'feature view', name: 'airport_recent' }];
    expect(
      applyDefinitions(project.db, parseDefinitions(withoutRecent, 'f.yaml'), 'f.yaml', false, confirmed)
        .filter((change) => change.action !== 'unchanged')
        .map((change) => `${change.action} ${change.kind} ${change.name}`),
    ).toEqual(['delete feature view airport_recent', 'update feature service delay_model']);
    expect(leftovers()).toEqual({ objects: null, materializations: 0 });
    expect(
      project.db
        .prepare("SELECT count(*) AS n FROM triad_materializations WHERE feature_view = 'airport_delays'")
        .get(),
    ).toEqual({ n: 1 });
    project.close();
  });

  it('accepts event times computed as ISO-8601 text or epoch milliseconds, and refuses other forms naming them', async () => {
    const project = await flightsProject();
    const computed = (time: string) => `entities: [{ name: airport, join_keys: [origin] }]
feature_views:
  - name: times
    entities: [airport]
    source: SELECT origin, ${time} AS at, delay FROM flights
    timestamp_field: at
    created_timestamp_column: at
`;
    const apply = (time: string) =>
      applyDefinitions(project.db, parseDefinitions(computed(time), 't.yaml'), 't.yaml', false);
    expect(() => apply("strftime('%Y-%m-%dT%H:%M:%fZ', date / 1000, 'unixepoch')")).not.toThrow();
    expect(() => apply("date(date / 1000, 'unixepoch')")).not.toThrow();
    expect(() => apply('date + 0')).not.toThrow();
    const refused = problems(() => apply("strftime('%d/%m/%Y', date / 1000, 'unixepoch')"));
    const forms =
      'compute epoch milliseconds (a number, as imported timestamps are stored) or ISO-8601 text (2024-05-01, 2024-05-01T12:00:00Z, 2024-05-01 12:00:00.250+02:00)';
    expect(refused).toEqual([
      `3: feature view times: timestamp_field at holds "01/01/2001", which is not a time: ${forms}`,
      `3: feature view times: created_timestamp_column at holds "01/01/2001", which is not a time: ${forms}`,
    ]);
    project.close();
  });

  it('reports every problem with its line, and changes nothing', async () => {
    const project = await flightsProject();
    const bad = `entities:
  - name: airport
    join_keys: [origin]
feature_views:
  - name: delays
    entities: [airport, carrier]
    source: SELECT origin, delay FROM flightz
    timestamp_field: event_ts
  - name: dist
    entities: [airport]
    source: SELECT origin, date, distance FROM flights
    timestamp_field: distance
    features: [distance, speed]
feature_services:
  - name: svc
    features: [nope, dist:altitude]
`;
    expect(problems(() => applyDefinitions(project.db, parseDefinitions(bad, 'bad.yaml'), 'bad.yaml', false))).toEqual([
      '5: feature view delays uses entity carrier, which is not defined',
      '5: feature view delays: SQL error: no such table: flightz',
      '9: feature view dist: timestamp_field distance is a column of type integer; it must hold timestamps',
      '9: feature view dist: its SQL has no column speed (feature); it returns origin, date, distance',
      '15: feature service svc uses feature view nope, which is not defined',
      '15: feature service svc uses dist:altitude, but dist has no feature altitude',
    ]);
    expect(project.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'view'").get()).toEqual({ n: 0 });
    expect(project.db.prepare('SELECT count(*) AS n FROM triad_entities').get()).toEqual({ n: 0 });
    project.close();
  });

  it('does not pile a check’s complaint on top of its feature view’s SQL error', async () => {
    const project = await flightsProject();
    const bad = `entities: [{ name: airport, join_keys: [origin] }]
feature_views:
  - { name: v, entities: [airport], source: "SELECT origin, date FROM nowhere", timestamp_field: date }
quality_checks:
  - { name: c, target: v, column: date, check: not_null }
`;
    expect(problems(() => applyDefinitions(project.db, parseDefinitions(bad, 'b.yaml'), 'b.yaml', false))).toEqual([
      '3: feature view v: SQL error: no such table: nowhere',
    ]);
    project.close();
  });

  it('refuses a source with a second statement or a write, with its line, and changes nothing', async () => {
    const project = await flightsProject();
    project.db.exec('CREATE TABLE big2 AS SELECT * FROM flights LIMIT 100');
    const imports = () => project.db.prepare('SELECT status FROM triad_imports').pluck().all();
    expect(imports()).toEqual(['succeeded']);
    const hostile = `entities: [{ name: airport, join_keys: [origin] }]
feature_views:
  - name: sneaky
    entities: [airport]
    source: "SELECT origin, date FROM flights; DELETE FROM big2; UPDATE triad_imports SET status = 'failed'"
    timestamp_field: date
  - name: rewrite
    entities: [airport]
    source: WITH gone AS (SELECT 1) DELETE FROM big2
    timestamp_field: date
  - name: inspect
    entities: [airport]
    source: PRAGMA table_info(flights)
    timestamp_field: date
  - name: commented
    entities: [airport]
    source: |
      SELECT origin, date FROM flights; -- every departure
    timestamp_field: date
`;
    expect(problems(() => applyDefinitions(project.db, parseDefinitions(hostile, 'h.yaml'), 'h.yaml', false))).toEqual([
      '3: feature view sneaky: only one statement can run here, and this SQL holds more than one: keep a single query (SELECT, WITH … SELECT or VALUES)',
      '7: feature view rewrite: only a query that reads (SELECT, WITH … SELECT or VALUES) can run here; this statement would change the project',
      '11: feature view inspect: only a query (SELECT, WITH … SELECT or VALUES) can run here: near "PRAGMA": syntax error',
    ]);
    expect(project.db.prepare('SELECT count(*) FROM big2').pluck().get()).toBe(100);
    expect(imports()).toEqual(['succeeded']);
    expect(project.db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'view'").pluck().get()).toBe(0);
    expect(project.db.prepare('SELECT count(*) FROM triad_feature_views').pluck().get()).toBe(0);
    project.close();
  });

  it('refuses feature views that read from each other in a cycle', async () => {
    const project = await flightsProject();
    const cyclic = `entities: [{ name: airport, join_keys: [origin] }]
feature_views:
  - { name: a, entities: [airport], source: SELECT * FROM b, timestamp_field: t }
  - { name: b, entities: [airport], source: SELECT * FROM "A", timestamp_field: t }
`;
    expect(problems(() => applyDefinitions(project.db, parseDefinitions(cyclic, 'c.yaml'), 'c.yaml', false))).toEqual([
      '3: feature views read from each other in a cycle: a → b → a',
    ]);
    project.close();
  });
});

describe('reading definitions files', () => {
  it('gives YAML syntax errors and shape errors their line numbers', () => {
    expect(
      problems(() => parseDefinitions('entities:\n  - name: a\n    join_keys: [x]\n  bad: [\n', 'f.yaml')),
    ).toEqual([
      '4: `bad` is indented differently from the keys around it: keys of one item start in the same column (under the first key after `- `)',
      '4: the [ opened on this line is not closed: end it with ] on the same line',
    ]);
    expect(
      problems(() =>
        parseDefinitions(
          'feature_views:\n  - name: v\n    entities: [e]\n    source: SELECT 1\n    timestamp_field: t\n    ttl: 3 days\n    colour: red\n',
          'f.yaml',
        ),
      ),
    ).toEqual([
      '6: `ttl` of feature view `v` must be a duration like 90s, 30m, 12h, 7d or 2w (0: no limit), not `3 days`',
      '7: feature view `v` has no key `colour`: its keys are `name`, `entities`, `source`, `timestamp_field`, `created_timestamp_column`, `ttl`, `features`, `online`, `owner`, `description` and `tags`',
    ]);
  });
});

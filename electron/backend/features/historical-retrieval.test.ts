import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { TriadError } from '../../../shared/contract/errors.js';
import { createProject, DATABASE_FILE, openProject } from '../db/project-folder.js';
import { type ValueColumn, valueAt } from '../ingest/value-columns.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { importFile } from '../use-cases/import-file.js';
import { applyDefinitions } from './apply-definitions.js';
import { resolveService } from './feature-registry.js';
import { buildTrainingSet } from './historical-retrieval.js';
import { parseDefinitions } from './parse-definitions.js';
import { saveTrainingSet } from './training-set-snapshot.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const VEGA = join(import.meta.dirname, '..', '..', '..', 'node_modules', 'vega-datasets', 'data');
const HOUR = 3_600_000;

const DEFINITIONS = `
entities: [{ name: airport, join_keys: [origin] }]
feature_views:
  - name: airport_delays
    entities: [airport]
    source: SELECT origin, date AS event_ts, delay, distance FROM flights
    timestamp_field: event_ts
    ttl: 12h
feature_services:
  - { name: delay_model, features: [airport_delays] }
`;

async function projectWithFlights() {
  const dir = join(temporaryFolder('history'), 'project');
  createProject(dir).close();
  const files = temporaryFolder('files');
  const flights = JSON.parse(readFileSync(join(VEGA, 'flights-10k.json'), 'utf8')) as { origin: string }[];
  writeFileSync(join(files, 'flights.ndjson'), flights.map((flight) => JSON.stringify(flight)).join('\n'));
  const db = join(dir, DATABASE_FILE);
  await importFile(db, { file: join(files, 'flights.ndjson'), table: 'flights', mode: 'replace' });
  // Entity rows: every 7th flight's airport, asked about 3 hours after that flight, plus unknown airports.
  const entityLines = ['origin,event_timestamp,label'];
  const dated = JSON.parse(readFileSync(join(VEGA, 'flights-10k.json'), 'utf8')) as { origin: string; date: string }[];
  dated.forEach((flight, index) => {
    if (index % 7 !== 0) return;
    const at = new Date(`${flight.date.replaceAll('/', '-').replace(' ', 'T')}:00Z`).getTime() + 3 * HOUR;
    entityLines.push(`${flight.origin},${new Date(at).toISOString()},${index % 2}`);
  });
  entityLines.push('ZZZ,2001-02-01T00:00:00Z,1');
  writeFileSync(join(files, 'entities.csv'), `${entityLines.join('\n')}\n`);
  await importFile(db, { file: join(files, 'entities.csv'), table: 'labels', mode: 'replace' });
  const project = openProject(dir);
  applyDefinitions(project.db, parseDefinitions(DEFINITIONS, 'f.yaml'), 'f.yaml', false);
  return project;
}

describe('historical retrieval', () => {
  it('gives every entity row the features known at its time, as SQL says they should be', async () => {
    const project = await projectWithFlights();
    const trainingSet = await buildTrainingSet(project.db, 'labels', null, resolveService(project.db, 'delay_model'));
    expect(trainingSet.columns.map((column) => `${column.name}:${column.type}`)).toEqual([
      'origin:text',
      'event_timestamp:timestamp',
      'label:integer',
      'delay:integer',
      'distance:integer',
    ]);
    // An independent answer per row: the latest flight within the TTL, by plain SQL.
    const expected = project.db.prepare(
      `SELECT delay, distance FROM airport_delays
       WHERE origin = ? AND event_ts <= ? AND event_ts >= ? - ? ORDER BY event_ts DESC LIMIT 1`,
    );
    let withValues = 0;
    const value = (column: number, row: number) => valueAt(trainingSet.values[column] as ValueColumn, row);
    for (let row = 0; row < trainingSet.rowCount; row += 1) {
      const origin = value(0, row);
      const at = value(1, row);
      const want = (expected.get(origin, at, at, 12 * HOUR) as { delay: number; distance: number } | undefined) ?? {
        delay: null,
        distance: null,
      };
      const got = { delay: value(3, row), distance: value(4, row) };
      if (got.delay !== want.delay) {
        // Flights at the same minute from the same airport are ties: any of them is correct.
        const tie = project.db
          .prepare(
            'SELECT count(*) AS n FROM airport_delays WHERE origin = ? AND event_ts = (SELECT max(event_ts) FROM airport_delays WHERE origin = ? AND event_ts <= ?)',
          )
          .get(origin, origin, at) as { n: number };
        expect(tie.n, `row ${row}`).toBeGreaterThan(1);
      }
      if (got.delay !== null) withValues += 1;
    }
    expect(trainingSet.rowCount).toBe(1430);
    expect(withValues).toBeGreaterThan(1000);
    expect(value(3, trainingSet.rowCount - 1)).toBeNull();
    project.close();
  });

  it('stores the training set as a table and a content-addressed Parquet snapshot with its lineage', async () => {
    const project = await projectWithFlights();
    const trainingSet = await buildTrainingSet(project.db, 'labels', null, resolveService(project.db, 'delay_model'));
    const out = join(temporaryFolder('out'), 'training.parquet');
    const first = await saveTrainingSet(
      project.db,
      project.path,
      trainingSet,
      { table: 'training', service: 'delay_model', entityTable: 'labels' },
      out,
    );
    const second = await saveTrainingSet(project.db, project.path, trainingSet, {
      table: 'training',
      service: 'delay_model',
      entityTable: 'labels',
    });
    expect(second.contentHash).toBe(first.contentHash);
    const bytes = readFileSync(out);
    const rows = await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    });
    expect(rows).toHaveLength(1430);
    expect(project.db.prepare('SELECT count(*) AS n FROM training').get()).toEqual({ n: 1430 });
    expect(
      project.db.prepare('SELECT feature_service, entity_table, feature_views FROM triad_training_sets LIMIT 1').get(),
    ).toEqual({
      feature_service: 'delay_model',
      entity_table: 'labels',
      feature_views: '["airport_delays"]',
    });
    project.close();
  });

  it('says what is missing: an unknown service, table, timestamp column or join key', async () => {
    const project = await projectWithFlights();
    expect(() => resolveService(project.db, 'nope')).toThrow(
      new TriadError('not_found', 'there is no feature service named nope (defined: delay_model)'),
    );
    await expect(buildTrainingSet(project.db, 'nope', null, [])).rejects.toThrow(
      'there is no imported table named nope',
    );
    await expect(buildTrainingSet(project.db, 'labels', 'nope', [])).rejects.toThrow(
      'the entity table labels has no column nope',
    );
    const [view] = resolveService(project.db, 'delay_model');
    await expect(
      buildTrainingSet(project.db, 'labels', null, [{ ...(view as NonNullable<typeof view>), joinKeys: ['carrier'] }]),
    ).rejects.toThrow('the entity table labels has no column carrier, the join key of feature view airport_delays');
    project.close();
  });
});

const KEY_DEFINITIONS = `
entities:
  - { name: item, join_keys: [id] }
  - { name: coded, join_keys: [code] }
  - { name: pair, join_keys: [id, code] }
feature_views:
  - { name: by_id, entities: [item], source: "SELECT id, ts, value AS by_id FROM events", timestamp_field: ts }
  - { name: by_code, entities: [coded], source: "SELECT code, ts, value AS by_code FROM events", timestamp_field: ts }
  - { name: by_pair, entities: [pair], source: "SELECT id, code, ts, value AS by_pair FROM events", timestamp_field: ts }
  - name: late
    entities: [item]
    # Past the 1,000 rows triad apply checks, one event time that is neither epoch ms nor ISO-8601.
    source: >-
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1001)
      SELECT 7 AS id, CASE WHEN i = 1001 THEN '05/01/2024' ELSE i END AS ts, i AS late FROM n
    timestamp_field: ts
feature_services:
  - { name: keys, features: [by_id, by_code, by_pair] }
  - { name: late, features: [late] }
`;

/** Events keyed by an integer id and a text code; entity tables with the same keys as text or as integers. */
async function projectWithTypedKeys() {
  const dir = join(temporaryFolder('keys'), 'project');
  createProject(dir).close();
  const files = temporaryFolder('files');
  const db = join(dir, DATABASE_FILE);
  const spec = (name: string, type: 'integer' | 'text' | 'timestamp') => ({
    source: name,
    name,
    type,
    format: null,
    skip: false,
  });
  const load = async (table: string, header: string, rows: string[], columns: ReturnType<typeof spec>[]) => {
    const file = join(files, `${table}.csv`);
    writeFileSync(file, `${header}\n${rows.join('\n')}\n`);
    await importFile(db, { file, table, mode: 'replace', columns });
  };
  await load(
    'events',
    'id,code,ts,value',
    ['7,007,2024-01-01T00:00:00Z,70', '8,8,2024-01-01T00:00:00Z,80'],
    [spec('id', 'integer'), spec('code', 'text'), spec('ts', 'timestamp'), spec('value', 'integer')],
  );
  const at = '2024-02-01T00:00:00Z';
  await load(
    'text_keys',
    'id,code,at',
    [`7,007,${at}`, `007,7,${at}`, `7.0,8,${at}`, `x,x,${at}`, `8,8,${at}`, `,,${at}`, `007,007,${at}`],
    [spec('id', 'text'), spec('code', 'text'), spec('at', 'timestamp')],
  );
  await load(
    'number_keys',
    'id,code,at',
    [`7,7,${at}`, `8,8,${at}`],
    [spec('id', 'integer'), spec('code', 'integer'), spec('at', 'timestamp')],
  );
  const project = openProject(dir);
  applyDefinitions(project.db, parseDefinitions(KEY_DEFINITIONS, 'f.yaml'), 'f.yaml', false);
  return project;
}

function featureValues(trainingSet: Awaited<ReturnType<typeof buildTrainingSet>>, name: string) {
  const index = trainingSet.columns.findIndex((column) => column.name === name);
  return Array.from({ length: trainingSet.rowCount }, (_, row) =>
    valueAt(trainingSet.values[index] as ValueColumn, row),
  );
}

describe('historical retrieval keys', () => {
  it("compares keys as the view's key type: text entity keys find integer keys, integer entity keys find text keys", async () => {
    const project = await projectWithTypedKeys();
    const fromText = await buildTrainingSet(project.db, 'text_keys', null, resolveService(project.db, 'keys'));
    // In the INTEGER key id, '7', '007' and '7.0' are all 7; 'x' is no integer and never matches.
    expect(featureValues(fromText, 'by_id')).toEqual([70, 70, 70, null, 80, null, 70]);
    // In the TEXT key code, '7' is not '007'.
    expect(featureValues(fromText, 'by_code')).toEqual([70, null, 80, null, 80, null, 70]);
    // Each part of a composite key follows its own type: ('007', '007') is (7, '007').
    expect(featureValues(fromText, 'by_pair')).toEqual([70, null, null, null, 80, null, 70]);
    expect(fromText.skipped).toEqual([
      { view: 'by_id', entityRowsWithInvalidKeys: 1, featureRowsWithUnreadableTime: 0 },
      { view: 'by_pair', entityRowsWithInvalidKeys: 1, featureRowsWithUnreadableTime: 0 },
    ]);

    const fromNumbers = await buildTrainingSet(project.db, 'number_keys', null, resolveService(project.db, 'keys'));
    // A number in a TEXT key is the text spelling it: 8 finds '8', 7 does not find '007'.
    expect(featureValues(fromNumbers, 'by_id')).toEqual([70, 80]);
    expect(featureValues(fromNumbers, 'by_code')).toEqual([null, 80]);
    expect(featureValues(fromNumbers, 'by_pair')).toEqual([null, 80]);
    expect(fromNumbers.skipped).toEqual([]);
    project.close();
  });

  it('counts the feature rows whose event time cannot be read', async () => {
    const project = await projectWithTypedKeys();
    const trainingSet = await buildTrainingSet(project.db, 'number_keys', null, resolveService(project.db, 'late'));
    expect(featureValues(trainingSet, 'late')).toEqual([1000, null]);
    expect(trainingSet.skipped).toEqual([
      { view: 'late', entityRowsWithInvalidKeys: 0, featureRowsWithUnreadableTime: 1 },
    ]);
    project.close();
  });
});

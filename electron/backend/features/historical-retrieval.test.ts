import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { TriadError } from '../../../shared/contract/errors.js';
import { ingestFile } from '../ingest/ingest.js';
import { type ValueColumn, valueAt } from '../ingest/value-columns.js';
import { connectDatabase, createProject, DATABASE_FILE, openProject } from '../project/project-folder.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
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
  await ingestFile(db, { file: join(files, 'flights.ndjson'), table: 'flights', mode: 'replace' }, {}, connectDatabase);
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
  await ingestFile(db, { file: join(files, 'entities.csv'), table: 'labels', mode: 'replace' }, {}, connectDatabase);
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
    const first = saveTrainingSet(
      project.db,
      project.path,
      trainingSet,
      { table: 'training', service: 'delay_model', entityTable: 'labels' },
      out,
    );
    const second = saveTrainingSet(project.db, project.path, trainingSet, {
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

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProject, DATABASE_FILE, openProject } from '../db/project-folder.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { importFile } from '../use-cases/import-file.js';
import { applyDefinitions } from './apply-definitions.js';
import { definitionsSkeleton, idCandidates } from './definitions-skeleton.js';
import { parseDefinitions } from './parse-definitions.js';
import { skeletonTables } from './skeleton-tables.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const VEGA = join(import.meta.dirname, '..', '..', '..', 'node_modules', 'vega-datasets', 'data');

describe('definitions drafted from tables', () => {
  it('suggests an entity per unique id column and a view of numeric columns with the timestamp', () => {
    const yaml = definitionsSkeleton([
      {
        name: 'trips',
        columns: [
          { name: 'trip_id', type: 'integer' },
          { name: 'started_at', type: 'timestamp' },
          { name: 'fare', type: 'real' },
          { name: 'Distance (km)', type: 'real' },
          { name: 'city', type: 'text' },
        ],
        uniqueIds: ['trip_id'],
      },
    ]);
    expect(
      yaml,
    ).toBe(`# Drafted from this project's tables: check each suggestion, edit or delete it, then Check and Apply.
entities:
  - name: trip
    join_keys: [trip_id]
feature_views:
  - name: trips_features
    entities: [trip]
    source: |
      SELECT trip_id, started_at, fare, "Distance (km)" AS distance_km FROM trips
    timestamp_field: started_at
    ttl: 0  # 0: values never expire; e.g. 7d ignores values older than a week
`);
  });

  it('finds id candidates by name and type only', () => {
    expect(
      idCandidates([
        { name: 'id', type: 'integer' },
        { name: 'user_id', type: 'text' },
        { name: 'paid', type: 'integer' },
        { name: 'score_id', type: 'real' },
      ]),
    ).toEqual(['id', 'user_id']);
  });

  it('says to import data first when there are no tables, with a commented example that changes nothing', () => {
    const yaml = definitionsSkeleton([]);
    expect(yaml).toMatch(/^# This project has no tables yet: import data first/);
    expect(parseDefinitions(yaml, 'f.yaml').definitions).toEqual({
      entities: [],
      feature_views: [],
      feature_services: [],
      quality_checks: [],
    });
  });

  it('drafts definitions from real tables that apply as they are, with hints for tables without an id or a timestamp', async () => {
    const dir = join(temporaryFolder('skeleton'), 'project');
    createProject(dir).close();
    const files = temporaryFolder('files');
    const ndjson = (name: string, rows: object[]) => {
      const file = join(files, `${name}.ndjson`);
      writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n'));
      return file;
    };
    const vega = (name: string) => JSON.parse(readFileSync(join(VEGA, `${name}.json`), 'utf8')) as object[];
    const sources = {
      cars: ndjson('cars', vega('cars')),
      penguins: ndjson('penguins', vega('penguins')),
      stations: ndjson('stations', [
        { station_id: 1, capacity: 10, region_id: 1 },
        { station_id: 2, capacity: 12, region_id: 1 },
      ]),
    };
    for (const [table, file] of Object.entries(sources))
      await importFile(join(dir, DATABASE_FILE), { file, table, mode: 'replace' });
    const project = openProject(dir);
    const tables = skeletonTables(project.db);
    expect(tables.map((table) => [table.name, table.uniqueIds])).toEqual([
      ['cars', []],
      ['penguins', []],
      ['stations', ['station_id']],
    ]);
    const yaml = definitionsSkeleton(tables);
    expect(yaml).toContain(
      '  # cars has no id column (an integer or text column named id or …_id with one value per row)',
    );
    expect(yaml).toContain(
      '  #     SELECT rowid AS car_id, Year, Miles_per_Gallon, Cylinders, Displacement, Horsepower, Weight_in_lbs, Acceleration FROM cars',
    );
    expect(yaml).toContain(
      '  # penguins has no timestamp column: event_ts 0 (1970-01-01) with ttl 0 makes each value hold at any time.',
    );
    expect(yaml).toContain('      SELECT station_id, 0 AS event_ts, capacity, region_id FROM stations');
    expect(
      applyDefinitions(project.db, parseDefinitions(yaml, 'f.yaml'), 'f.yaml', false).map(
        (change) => `${change.action} ${change.kind} ${change.name}`,
      ),
    ).toEqual(['create entity station', 'create feature view stations_features']);
    // Uncommenting the hinted entity and view of a table without an id applies too.
    const uncommented = yaml.replace(/^ {2}# (?=- name| {2})/gm, '  ');
    expect(uncommented).toContain('  - name: penguins_features');
    expect(() => parseDefinitions(uncommented, 'f.yaml')).not.toThrow();
    const changes = applyDefinitions(project.db, parseDefinitions(uncommented, 'f.yaml'), 'f.yaml', false);
    expect(changes.filter((change) => change.action === 'create').map((change) => change.name)).toEqual([
      'car',
      'penguin',
      'cars_features',
      'penguins_features',
    ]);
    expect(project.db.prepare('SELECT count(*) AS n, count(DISTINCT car_id) AS ids FROM cars_features').get()).toEqual({
      n: 406,
      ids: 406,
    });
    project.close();
  });
});

import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createProject } from '../db/project-folder.js';
import { recordTable } from '../db/table-catalog.js';
import { type ValueColumn, valueAt } from '../ingest/value-columns.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { applyDefinitions } from './apply-definitions.js';
import { resolveService } from './feature-registry.js';
import type { FeatureRowsQuery } from './feature-rows.js';
import { buildTrainingSet, type TrainingSet } from './historical-retrieval.js';
import {
  ReadOrderChanged,
  sharedColumn,
  startMatchedValueReaders,
  startViewTimeline,
  type ViewRead,
} from './parallel-feature-rows.js';
import { parseDefinitions } from './parse-definitions.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
// Enough rows for two readers (each takes at least 250,000).
const EVENTS = 800_000;
const START = Date.UTC(2024, 0, 1);

function projectWithEvents(): Database.Database {
  const { db } = createProject(join(temporaryFolder('parallel'), 'project'));
  db.exec(`CREATE TABLE events (entity_id INTEGER, ts INTEGER, amount REAL);
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${EVENTS - 1})
    INSERT INTO events SELECT i % 997, ${START} + (i * 7919) % 86400000, i * 0.5 FROM n;
    CREATE TABLE kinds (id INTEGER, weight REAL);
    INSERT INTO kinds VALUES (0, 1.5), (1, 2.5), (2, 3.5);
    CREATE TABLE labels (entity_id INTEGER, ts INTEGER);
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 4999)
    INSERT INTO labels SELECT (i * 13) % 1000, ${START} + (i * 104729) % 86400000 FROM n;`);
  const now = new Date().toISOString();
  const column = (name: string, type: 'integer' | 'timestamp' | 'real') => ({ name, type, format: null });
  recordTable(db, 'events', [column('entity_id', 'integer'), column('ts', 'timestamp'), column('amount', 'real')], now);
  recordTable(db, 'kinds', [column('id', 'integer'), column('weight', 'real')], now);
  recordTable(db, 'labels', [column('entity_id', 'integer'), column('ts', 'timestamp')], now);
  return db;
}

// One table scanned whole; one with a condition of its own; a join; rows in an order that changes between reads.
const DEFINITIONS = `
entities: [{ name: entity, join_keys: [entity_id] }]
feature_views:
  - name: plain
    entities: [entity]
    source: SELECT entity_id, ts, amount FROM events
    timestamp_field: ts
    ttl: 1h
  - name: filtered
    entities: [entity]
    source: SELECT entity_id, ts, amount AS filtered_amount FROM events WHERE CAST(amount AS INTEGER) % 4 <> 0
    timestamp_field: ts
    ttl: 1h
  - name: joined
    entities: [entity]
    source: SELECT e.entity_id, e.ts, k.weight FROM events e JOIN kinds k ON k.id = e.entity_id % 3
    timestamp_field: ts
    ttl: 1h
  - name: shuffled
    entities: [entity]
    source: SELECT entity_id, ts, amount AS shuffled_amount FROM events ORDER BY random()
    timestamp_field: ts
    ttl: 1h
feature_services:
  - { name: all, features: [plain, filtered, joined, shuffled] }
`;

const timelineQuery = (source: string, featureCount: number): FeatureRowsQuery => ({
  sql: source,
  columns: ['entity_id', 'ts', ...Array.from({ length: featureCount }, (_, index) => `f${index}`)],
  keyTypes: ['INTEGER'],
  hasCreated: false,
  featureCount,
});

/** A training set column's values, row by row. */
const rows = (set: TrainingSet, column: number) =>
  Array.from({ length: set.rowCount }, (_, row) => valueAt(set.values[column] as ValueColumn, row));

/** The matched rows' values read again by the view's readers, handed the matches after `delayMs`. */
async function readMatched(
  db: Database.Database,
  query: FeatureRowsQuery,
  read: ViewRead,
  matches: Int32Array,
  delayMs = 0,
  pickedHoldsIndex = false,
): Promise<ValueColumn[]> {
  // Memory left over from other work: the readers, or the publish, set it to null.
  const picked = [sharedColumn(matches.length).fill(7)];
  const readers = startMatchedValueReaders(db, query, read, matches.length, picked, pickedHoldsIndex);
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  readers.matches.set(matches);
  // Ordered in memory left over from other work, as the join's index is.
  readers.publish(new Int32Array(4 * matches.length).fill(3));
  return readers.values;
}

// Each test makes and reads hundreds of thousands of rows.
describe('feature views read by several threads', { timeout: 60_000 }, () => {
  it('builds the same training set with two readers as with one, for every shape of view', async () => {
    const db = projectWithEvents();
    applyDefinitions(db, parseDefinitions(DEFINITIONS, 'f.yaml'), 'f.yaml', false);
    const service = resolveService(db, 'all');
    const alone = await buildTrainingSet(db, 'labels', 'ts', service, { readers: 1 });
    const together = await buildTrainingSet(db, 'labels', 'ts', service, { readers: 2 });
    expect(together.columns).toEqual(alone.columns);
    expect(together.columns.map((column) => column.name)).toEqual([
      'entity_id',
      'ts',
      'amount',
      'filtered_amount',
      'weight',
      'shuffled_amount',
    ]);
    for (let column = 0; column < alone.columns.length; column += 1)
      expect(rows(together, column), alone.columns[column]?.name).toEqual(rows(alone, column));
    // Most entity rows find a feature row within the hour.
    expect(rows(alone, 2).filter((value) => value !== null).length).toBeGreaterThan(4_000);
    db.close();
  });

  it('builds the same training set when the index is made in the feature columns, large enough to hold it', async () => {
    const db = projectWithEvents();
    // 300,000 entity rows x 6 features (14.4 MB of columns) hold the room to index 800,000 view
    // rows and join the entity rows (13.2 MB); half the entity rows have keys no view row has, so
    // the matches are ordered in the index's memory (four arrays as long as the matches), inside
    // the columns too.
    db.exec(`CREATE TABLE many_labels (entity_id INTEGER, ts INTEGER);
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 299999)
      INSERT INTO many_labels
      SELECT CASE WHEN i % 2 = 0 THEN (i * 13) % 1000 ELSE 5000 + i END, ${START} + (i * 104729) % 86400000 FROM n;`);
    recordTable(
      db,
      'many_labels',
      [
        { name: 'entity_id', type: 'integer', format: null },
        { name: 'ts', type: 'timestamp', format: null },
      ],
      new Date().toISOString(),
    );
    const definitions = `
entities: [{ name: entity, join_keys: [entity_id] }]
feature_views:
  - name: wide
    entities: [entity]
    source: SELECT entity_id, ts, amount AS a1, amount * 2 AS a2, -amount AS a3, amount + 1 AS a4, amount - 1 AS a5, amount / 2 AS a6 FROM events
    timestamp_field: ts
    ttl: 1h
feature_services:
  - { name: wide, features: [wide] }
`;
    applyDefinitions(db, parseDefinitions(definitions, 'w.yaml'), 'w.yaml', false);
    const service = resolveService(db, 'wide');
    const alone = await buildTrainingSet(db, 'many_labels', 'ts', service, { readers: 1 });
    const together = await buildTrainingSet(db, 'many_labels', 'ts', service, { readers: 2 });
    for (let column = 2; column < alone.columns.length; column += 1)
      expect(rows(together, column), alone.columns[column]?.name).toEqual(rows(alone, column));
    expect(rows(alone, 2).filter((value) => value !== null).length).toBeGreaterThan(100_000);
    db.close();
  });

  it('keeps text among the numbers a reader writes, whichever reader meets it', async () => {
    const db = projectWithEvents();
    applyDefinitions(
      db,
      parseDefinitions(
        `
entities: [{ name: entity, join_keys: [entity_id] }]
feature_views:
  - name: mixed
    entities: [entity]
    source: SELECT entity_id, ts, CASE WHEN entity_id % 3 = 0 THEN 'a' || amount WHEN entity_id % 3 = 1 THEN amount END AS mixed, 'x' || entity_id AS label FROM events
    timestamp_field: ts
    ttl: 1h
feature_services:
  - { name: mixed, features: [mixed] }
`,
        'm.yaml',
      ),
      'm.yaml',
      false,
    );
    const service = resolveService(db, 'mixed');
    const alone = await buildTrainingSet(db, 'labels', 'ts', service, { readers: 1 });
    const together = await buildTrainingSet(db, 'labels', 'ts', service, { readers: 2 });
    for (const column of [2, 3]) expect(rows(together, column)).toEqual(rows(alone, column));
    const mixed = rows(alone, 2);
    expect(mixed.some((value) => typeof value === 'string')).toBe(true);
    expect(mixed.some((value) => typeof value === 'number')).toBe(true);
    expect(mixed.some((value) => value === null)).toBe(true);
    expect(
      rows(alone, 3).every((value) => value === null || (typeof value === 'string' && value.startsWith('x'))),
    ).toBe(true);
    db.close();
  });

  it('reads the matched values again in two threads, with the condition asked before or after a row is read', async () => {
    const db = projectWithEvents();
    const sources = [
      'SELECT entity_id, ts, amount FROM events',
      'SELECT entity_id, ts, amount FROM events WHERE CAST(amount AS INTEGER) % 4 <> 0',
      'SELECT e.entity_id, e.ts, k.weight FROM events e JOIN kinds k ON k.id = e.entity_id % 3',
    ];
    for (const source of sources) {
      const query = timelineQuery(source, 1);
      const read = await startViewTimeline(db, query, 2).read;
      expect(read.slices, source).toHaveLength(2);
      // Every 5th row matched, and every row of the last 1,000 (the second slice's end).
      const matches = Int32Array.from({ length: read.rows.rowCount }, (_, row) =>
        row % 5 === 0 || row >= read.rows.rowCount - 1_000 ? row : -1,
      );
      // The readers wait for the matches (given late for one view, whose columns the publish sets to null).
      const late = source.includes('WHERE');
      const [picked] = await readMatched(db, query, read, matches, late ? 300 : 0, late);
      const expected = db.prepare(source).raw(true).all() as number[][];
      for (let row = 0; row < matches.length; row += 1) {
        const value = (matches[row] as number) < 0 ? null : expected[row]?.[2];
        expect(valueAt(picked as ValueColumn, row), `${source}, row ${row}`).toBe(value);
      }
    }
    db.close();
  });

  it('says the order changed when a second read meets the rows in another order', async () => {
    const db = projectWithEvents();
    const query = timelineQuery('SELECT entity_id, ts, amount FROM events ORDER BY random()', 1);
    const read = await startViewTimeline(db, query, 2).read;
    const matches = Int32Array.from({ length: read.rows.rowCount }, (_, row) => (row % 3 === 0 ? row : -1));
    await expect(readMatched(db, query, read, matches)).rejects.toBeInstanceOf(ReadOrderChanged);
    db.close();
  });

  it('stops the readers waiting for the matches when the join fails', async () => {
    const db = projectWithEvents();
    const query = timelineQuery('SELECT entity_id, ts, amount FROM events', 1);
    const read = await startViewTimeline(db, query, 2).read;
    const readers = startMatchedValueReaders(db, query, read, 10, [sharedColumn(10)], false);
    readers.abandon();
    await expect(readers.values).rejects.toThrow();
    db.close();
  });
});

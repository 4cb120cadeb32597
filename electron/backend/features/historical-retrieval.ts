import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import { type ColumnType, quoteIdentifier } from '../db/column-types.js';
import { eachRow } from '../db/each-row.js';
import { withScanCache } from '../db/scan-cache.js';
import { catalogRowCount } from '../db/table-catalog.js';
import type { StoredValue } from '../ingest/value-coercion.js';
import { type ValueColumn, ValueColumnBuilder, valueAt, withValuesAt } from '../ingest/value-columns.js';
import { epochMsSql, eventTimeOrValueSql } from './event-time.js';
import type { ResolvedView } from './feature-registry.js';
import type { FeatureRowsQuery } from './feature-rows.js';
import { entityKeys } from './join-keys.js';
import { affinityOf } from './key-types.js';
import { matchedInFeatureOrder } from './match-order.js';
import {
  ReadOrderChanged,
  readViewWhole,
  startMatchedValueReaders,
  startViewTimeline,
  type TimelineReading,
  type ViewRead,
} from './parallel-feature-rows.js';
import { indexTimeline, type JoinSpace, pointInTimeJoin, touchedJoinSpace } from './point-in-time-join.js';
import { keyAffinity } from './view-column-types.js';

export interface TrainingSetColumn {
  name: string;
  type: ColumnType;
  /** The feature view a feature column came from; null for the entity table's own columns. */
  view: string | null;
}

/** Rows of the entity table and of a feature view that could take no part in the join. */
export interface SkippedRows {
  view: string;
  /** Entity rows whose key holds a value that is not of the view's key type (the text 'x' for a number key). */
  entityRowsWithInvalidKeys: number;
  /** Feature rows whose event time is neither epoch ms nor ISO-8601 text. */
  featureRowsWithUnreadableTime: number;
}

export interface TrainingSet {
  columns: TrainingSetColumn[];
  /** Column-major values, one array per column (numbers in a typed array: NaN is null). */
  values: ValueColumn[];
  rowCount: number;
  /** Per feature view, the rows that could not be joined; views without any are left out. */
  skipped: SkippedRows[];
}

interface CatalogColumn {
  name: string;
  type: ColumnType;
}

function tableColumns(db: Database.Database, table: string): CatalogColumn[] {
  const columns = db
    .prepare('SELECT name, type FROM triad_columns WHERE table_name = ? ORDER BY position')
    .all(table) as CatalogColumn[];
  if (columns.length === 0) throw new TriadError('not_found', `there is no imported table named ${table}`);
  return columns;
}

/**
 * A table's columns in rowid order, numbers in typed arrays, sized at once for the rows the
 * catalog counts (growing by doubling would touch twice the memory, and fresh memory is slow).
 */
function readColumns(db: Database.Database, table: string, columns: readonly CatalogColumn[]): ValueColumn[] {
  const capacity = Math.max(1024, catalogRowCount(db, table));
  const builders = columns.map(() => new ValueColumnBuilder(capacity));
  const names = columns.map((column) => quoteIdentifier(column.name)).join(', ');
  eachRow<StoredValue[]>(db, `SELECT ${names} FROM ${quoteIdentifier(table)} ORDER BY rowid`, columns.length, (row) => {
    for (let column = 0; column < builders.length; column += 1)
      (builders[column] as ValueColumnBuilder).push(row[column] as StoredValue);
  });
  return builders.map((builder) => builder.finish());
}

function findColumn(columns: readonly { name: string }[], name: string): number {
  return columns.findIndex((column) => column.name.toLowerCase() === name.toLowerCase());
}

/** The logical type of a view's column: from the imported column it comes from, else from its values. */
function featureType(db: Database.Database, view: string, feature: string, sample: unknown): ColumnType {
  const column = db.prepare(`SELECT ${quoteIdentifier(feature)} FROM ${quoteIdentifier(view)} LIMIT 0`).columns()[0];
  if (column?.table && column.column) {
    const row = db
      .prepare('SELECT type FROM triad_columns WHERE table_name = ? AND name = ?')
      .get(column.table, column.column) as { type: ColumnType } | undefined;
    if (row) return row.type;
  }
  if (typeof sample === 'string') return 'text';
  if (typeof sample === 'number') return Number.isInteger(sample) ? 'integer' : 'real';
  if (typeof sample === 'bigint') return 'integer';
  return 'real';
}

/**
 * A feature column's values for every entity row: each matched row's value, null for the others.
 * `rows`: the entity rows that matched, in the order of the view rows they matched, so the view's
 * column is read forwards.
 */
function pickRows(source: ValueColumn, matches: Int32Array, rows: Int32Array, picked: Float64Array): ValueColumn {
  picked.fill(Number.NaN);
  if (source instanceof Float64Array) {
    for (let index = 0; index < rows.length; index += 1) {
      const row = rows[index] as number;
      picked[row] = source[matches[row] as number] as number;
    }
    return picked;
  }
  const entityRows = Array.from(rows);
  return withValuesAt(picked, [
    { rows: entityRows, values: entityRows.map((row) => source[matches[row] as number] ?? null) },
  ]);
}

/** The training set's columns of a view whose values were all read on this thread. */
function pickedFromWhole(
  values: readonly ValueColumn[],
  matches: Int32Array,
  viewRows: number,
  picked: readonly Float64Array[],
): ValueColumn[] {
  const rows = matchedInFeatureOrder(matches, viewRows);
  return values.map((source, feature) => pickRows(source, matches, rows, picked[feature] as Float64Array));
}

/**
 * A view's feature columns for every entity row, one after the other in one block of memory
 * reader threads can write; not touched here: whoever picks the values sets them to null first
 * (the first touch of fresh memory costs ~10 µs a page on some machines, so the second pass's
 * readers do it while this thread joins, or the join's index is made in the block first).
 */
function featureColumns(count: number, rows: number): Float64Array[] {
  const block = new SharedArrayBuffer(count * rows * Float64Array.BYTES_PER_ELEMENT);
  return Array.from({ length: count }, (_, feature) => new Float64Array(block, feature * rows * 8, rows));
}

function firstValue(column: ValueColumn): StoredValue | undefined {
  for (let row = 0; row < column.length; row += 1) {
    const value = valueAt(column, row);
    if (value !== null) return value;
  }
  return undefined;
}

/**
 * The view's keys, times as epoch ms (whichever form the view holds them in) and features. Keys
 * compare as the view's key types, the rule the online store's keys follow.
 */
function featureRowsQuery(db: Database.Database, view: ResolvedView): FeatureRowsQuery {
  const selected = [
    ...view.joinKeys,
    view.timestampField,
    ...(view.createdField ? [view.createdField] : []),
    ...view.features,
  ];
  const timeCount = view.createdField ? 2 : 1;
  const timeSql = (index: number) => (index === view.joinKeys.length ? eventTimeOrValueSql : epochMsSql);
  const expressions = selected.map((column, index) =>
    index >= view.joinKeys.length && index < view.joinKeys.length + timeCount
      ? `${timeSql(index)(column)} AS ${quoteIdentifier(column)}`
      : quoteIdentifier(column),
  );
  return {
    sql: `SELECT ${expressions.join(', ')} FROM ${quoteIdentifier(view.name)}`,
    columns: selected,
    keyTypes: view.joinKeys.map((key) => affinityOf(keyAffinity(db, view.name, key))),
    hasCreated: view.createdField !== null,
    featureCount: view.features.length,
  };
}

export interface BuildOptions {
  /** At most this many worker threads read a large feature view's rows side by side; 1: this thread reads. */
  readers?: number;
  /** Called as the join starts on each feature view (0-based), and once more with `count` when every view is joined. */
  onView?(index: number, count: number, view: string | null): void;
}

/**
 * Builds a point-in-time-correct training set: every row of the entity table, with each feature
 * as it was known at that row's timestamp (Feast's rules; see point-in-time-join.ts). The build
 * scans its tables once, so the connection has a scan's small page cache meanwhile.
 */
export function buildTrainingSet(
  db: Database.Database,
  entityTable: string,
  timestampColumn: string | null,
  views: readonly ResolvedView[],
  options: BuildOptions = {},
): Promise<TrainingSet> {
  return withScanCache(db, () => build(db, entityTable, timestampColumn, views, options));
}

async function build(
  db: Database.Database,
  entityTable: string,
  timestampColumn: string | null,
  views: readonly ResolvedView[],
  { readers = 1, onView = () => {} }: BuildOptions,
): Promise<TrainingSet> {
  const entityColumns = tableColumns(db, entityTable);
  const timestampCandidates = entityColumns.filter((column) => column.type === 'timestamp' || column.type === 'date');
  const timestampName =
    timestampColumn ?? (timestampCandidates.length === 1 ? timestampCandidates[0]?.name : undefined);
  if (!timestampName) {
    throw new TriadError(
      'invalid_input',
      timestampCandidates.length === 0
        ? `the entity table ${entityTable} has no timestamp column: import it with one (e.g. --type event_timestamp=timestamp)`
        : `the entity table ${entityTable} has several timestamp columns (${timestampCandidates.map((column) => column.name).join(', ')}): name one with --timestamp-column`,
    );
  }
  const timestampPosition = findColumn(entityColumns, timestampName);
  if (timestampPosition < 0)
    throw new TriadError('invalid_input', `the entity table ${entityTable} has no column ${timestampName}`);

  const keyPositions = views.map((view) =>
    view.joinKeys.map((key) => {
      const position = findColumn(entityColumns, key);
      if (position < 0)
        throw new TriadError(
          'invalid_input',
          `the entity table ${entityTable} has no column ${key}, the join key of feature view ${view.name}`,
        );
      return position;
    }),
  );
  // The timelines of large views are read by worker threads while this thread reads the entity table.
  const queries = views.map((view) => featureRowsQuery(db, view));
  const timelines = queries.map((query) => startViewTimeline(db, query, readers));
  void Promise.allSettled(timelines.map((timeline) => timeline.read));

  const values = readColumns(db, entityTable, entityColumns);
  const rowCount = values[0]?.length ?? 0;
  const pickedColumns = views.map((view) => featureColumns(view.features.length, rowCount));
  // This thread waits for the first view's timeline now: the room to index it and join is touched
  // meanwhile, in the view's feature columns when they are large enough (written after the join).
  const firstSlicedRows = timelines[0]?.slicedRows ?? null;
  const firstColumns = pickedColumns[0]?.[0]?.buffer;
  let firstJoinSpace: JoinSpace | null =
    firstSlicedRows === null ? null : touchedJoinSpace(firstSlicedRows, rowCount, firstColumns);
  const times = values[timestampPosition] as ValueColumn;
  const entityTimes =
    times instanceof Float64Array
      ? times
      : Float64Array.from(times, (value: StoredValue) => (typeof value === 'number' ? value : Number.NaN));
  const columns: TrainingSetColumn[] = entityColumns.map((column) => ({
    name: column.name,
    type: column.type,
    view: null,
  }));
  const taken = new Set(columns.map((column) => column.name.toLowerCase()));
  const skipped: SkippedRows[] = [];

  for (const [viewIndex, view] of views.entries()) {
    onView(viewIndex, views.length, view.name);
    const positions = keyPositions[viewIndex] as number[];
    const query = queries[viewIndex] as FeatureRowsQuery;
    const { keys, invalidRows } = entityKeys(
      positions.map((position) => values[position] as ValueColumn),
      query.keyTypes,
    );
    const picked = pickedColumns[viewIndex] as Float64Array[];
    const entities = { keys, times: entityTimes };
    const join = async (read: ViewRead) => {
      const space = firstJoinSpace;
      firstJoinSpace = null;
      if (!read.slices) {
        const matches = pointInTimeJoin(entities, indexTimeline(read.rows, space), view.ttlMs, { space });
        const values = pickedFromWhole(read.rows.values, matches, read.rows.rowCount, picked);
        return { unreadableTimes: read.rows.unreadableTimes, values };
      }
      // The second read starts at once: its readers wait for the matches.
      const indexInPicked = space !== null && space.order.buffer === picked[0]?.buffer;
      const readers = startMatchedValueReaders(db, query, read, rowCount, picked, indexInPicked);
      try {
        const index = indexTimeline(read.rows, space);
        pointInTimeJoin(entities, index, view.ttlMs, { into: readers.matches, space });
        // The index is done with: the matches are ordered in its memory, touched already.
        readers.publish(index.order);
      } catch (error) {
        readers.abandon();
        throw error;
      }
      return { unreadableTimes: read.rows.unreadableTimes, values: await readers.values };
    };
    const joined = await join(await (timelines[viewIndex] as TimelineReading).read).catch(async (error: unknown) => {
      // The second pass met rows in another order than the first (a view whose order is not
      // fixed): read the whole view in one pass, on one connection.
      if (!(error instanceof ReadOrderChanged)) throw error;
      return join(readViewWhole(db, query));
    });
    if (invalidRows > 0 || joined.unreadableTimes > 0)
      skipped.push({
        view: view.name,
        entityRowsWithInvalidKeys: invalidRows,
        featureRowsWithUnreadableTime: joined.unreadableTimes,
      });
    view.features.forEach((featureName, index) => {
      const name = taken.has(featureName.toLowerCase()) ? `${view.name}__${featureName}` : featureName;
      taken.add(name.toLowerCase());
      const column = joined.values[index] as ValueColumn;
      columns.push({
        name,
        type: featureType(db, view.name, featureName, firstValue(column)),
        view: view.name,
      });
      values.push(column);
    });
  }
  onView(views.length, views.length, null);
  return { columns, values, rowCount, skipped };
}

import type Database from 'better-sqlite3';
import type { ColumnStats, TableStats } from '../../../shared/contract/schemas.js';
import { type ColumnType, quoteIdentifier } from '../db/column-types.js';
import { epochMsSql } from '../features/event-time.js';
import { type SourceColumn, sourceColumns } from '../query/source-columns.js';

const HISTOGRAM_BINS = 20;
const TOP_VALUES = 10;
const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95];
/** Larger tables are sampled evenly (by rowid stride) for quantiles, histograms and correlations. */
const SAMPLE_LIMIT = 500_000;

const NUMERIC: ReadonlySet<ColumnType> = new Set(['integer', 'real', 'timestamp', 'date', 'boolean']);

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return (sorted[below] as number) + ((sorted[above] as number) - (sorted[below] as number)) * (position - below);
}

type Bin = { start: number; end: number; count: number };

/** One bin per value (start = end) when a column holds a few distinct integers, such as 0/1 flags or small counts. */
function valueBins(sorted: Float64Array): Bin[] | null {
  const bins: Bin[] = [];
  for (const value of sorted) {
    if (!Number.isInteger(value)) return null;
    const last = bins[bins.length - 1];
    if (last && last.start === value) last.count += 1;
    else if (bins.length === HISTOGRAM_BINS) return null;
    else bins.push({ start: value, end: value, count: 1 });
  }
  return bins;
}

export function histogram(sorted: Float64Array): Bin[] {
  if (sorted.length === 0) return [];
  const perValue = valueBins(sorted);
  if (perValue) return perValue;
  const low = sorted[0] as number;
  const high = sorted[sorted.length - 1] as number;
  if (high === low) return [{ start: low, end: high, count: sorted.length }];
  const width = roundStep((high - low) / HISTOGRAM_BINS);
  const first = Math.floor(low / width) * width;
  const count = Math.max(1, Math.ceil((high - first) / width));
  const edge = (index: number) => Number((first + index * width).toPrecision(12));
  const bins = Array.from({ length: count }, (_, index) => ({ start: edge(index), end: edge(index + 1), count: 0 }));
  for (const value of sorted) {
    const index = Math.max(0, Math.min(count - 1, Math.floor((value - first) / width)));
    (bins[index] as { count: number }).count += 1;
  }
  return bins;
}

/** The step of 1, 2, 2.5 or 5 times a power of ten nearest to the one wanted, so bin edges read as round numbers. */
function roundStep(wanted: number): number {
  const power = 10 ** Math.floor(Math.log10(wanted));
  const distance = (factor: number) => Math.abs(Math.log((factor * power) / wanted));
  const nearest = [1, 2, 2.5, 5, 10].reduce((best, factor) => (distance(factor) < distance(best) ? factor : best));
  return nearest * power;
}

function sampleWhere(rowCount: number): string {
  return rowCount > SAMPLE_LIMIT ? `WHERE rowid % ${Math.ceil(rowCount / SAMPLE_LIMIT)} = 0` : '';
}

function numericValues(
  db: Database.Database,
  source: string,
  column: SourceColumn,
  rowCount: number,
  isView: boolean,
): Float64Array {
  const values: number[] = [];
  const where = isView ? '' : sampleWhere(rowCount);
  // A view's computed timestamp may be ISO-8601 text: read every time as epoch milliseconds.
  const read = column.type === 'timestamp' ? epochMsSql(column.name) : quoteIdentifier(column.name);
  for (const [value] of db
    .prepare(`SELECT ${read} FROM ${quoteIdentifier(source)} ${where}`)
    .raw(true)
    .iterate() as IterableIterator<[unknown]>) {
    if (typeof value === 'number' && Number.isFinite(value)) values.push(value);
    else if (typeof value === 'bigint') values.push(Number(value));
  }
  return Float64Array.from(values).sort();
}

function columnStats(
  db: Database.Database,
  source: string,
  column: SourceColumn,
  rowCount: number,
  isView: boolean,
): ColumnStats {
  const name = quoteIdentifier(column.name);
  const table = quoteIdentifier(source);
  const basics = db
    .prepare(`SELECT count(${name}) AS present, count(DISTINCT ${name}) AS distinct_values FROM ${table}`)
    .get() as { present: number; distinct_values: number };
  const sample = db.prepare(`SELECT ${name} AS value FROM ${table} WHERE ${name} IS NOT NULL LIMIT 1`).get() as
    | { value: unknown }
    | undefined;
  const numeric = column.type
    ? NUMERIC.has(column.type)
    : typeof sample?.value === 'number' || typeof sample?.value === 'bigint';
  const base = {
    name: column.name,
    type: column.type ?? (numeric ? 'real' : 'text'),
    count: rowCount,
    nulls: rowCount - basics.present,
    distinct: basics.distinct_values,
  };
  if (!numeric) {
    const top = db
      .prepare(
        `SELECT ${name} AS value, count(*) AS n FROM ${table} WHERE ${name} IS NOT NULL GROUP BY ${name} ORDER BY n DESC, value LIMIT ${TOP_VALUES}`,
      )
      .all() as { value: unknown; n: number }[];
    return { ...base, numeric: null, topValues: top.map((entry) => ({ value: String(entry.value), count: entry.n })) };
  }
  const sorted = numericValues(db, source, column, rowCount, isView);
  let sum = 0;
  for (const value of sorted) sum += value;
  const mean = sorted.length > 0 ? sum / sorted.length : Number.NaN;
  let squares = 0;
  for (const value of sorted) squares += (value - mean) ** 2;
  const finite = (value: number) => (Number.isFinite(value) ? value : null);
  return {
    ...base,
    numeric: {
      min: finite(sorted[0] ?? Number.NaN),
      max: finite(sorted[sorted.length - 1] ?? Number.NaN),
      mean: finite(mean),
      std: finite(sorted.length > 1 ? Math.sqrt(squares / (sorted.length - 1)) : Number.NaN),
      quantiles: QUANTILES.map((q) => ({ q, value: finite(quantile(sorted, q)) })),
      histogram: histogram(sorted),
      sampled: !isView && rowCount > SAMPLE_LIMIT,
    },
    topValues: [],
  };
}

/** Pearson correlation of every pair of numeric columns, over the rows where both have values. */
function correlations(
  db: Database.Database,
  source: string,
  columns: readonly string[],
  rowCount: number,
  isView: boolean,
): { columns: string[]; matrix: (number | null)[][] } {
  if (columns.length < 2) return { columns: [...columns], matrix: columns.map(() => [1]) };
  const where = isView ? '' : sampleWhere(rowCount);
  const rows = db
    .prepare(`SELECT ${columns.map(quoteIdentifier).join(', ')} FROM ${quoteIdentifier(source)} ${where}`)
    .raw(true)
    .all() as unknown[][];
  const matrix = columns.map((_, a) =>
    columns.map((__, b) => {
      if (a === b) return 1;
      let n = 0;
      let sumA = 0;
      let sumB = 0;
      let sumAA = 0;
      let sumBB = 0;
      let sumAB = 0;
      for (const row of rows) {
        const x = row[a];
        const y = row[b];
        if (typeof x !== 'number' || typeof y !== 'number') continue;
        n += 1;
        sumA += x;
        sumB += y;
        sumAA += x * x;
        sumBB += y * y;
        sumAB += x * y;
      }
      const denominator = Math.sqrt(n * sumAA - sumA * sumA) * Math.sqrt(n * sumBB - sumB * sumB);
      return n > 1 && denominator > 0 ? (n * sumAB - sumA * sumB) / denominator : null;
    }),
  );
  return { columns: [...columns], matrix };
}

/** Per-column statistics of a table or feature view, and the correlations of its numeric columns. */
export function tableStats(db: Database.Database, source: string): TableStats {
  const columns = sourceColumns(db, source);
  const isView =
    (db.prepare('SELECT type FROM sqlite_master WHERE name = ?').get(source) as { type: string }).type === 'view';
  const rowCount = (db.prepare(`SELECT count(*) AS n FROM ${quoteIdentifier(source)}`).get() as { n: number }).n;
  const stats = columns.map((column) => columnStats(db, source, column, rowCount, isView));
  const numericColumns = stats
    .filter((column) => column.numeric && column.type !== 'timestamp' && column.type !== 'date')
    .map((column) => column.name);
  return { source, rowCount, columns: stats, correlations: correlations(db, source, numericColumns, rowCount, isView) };
}

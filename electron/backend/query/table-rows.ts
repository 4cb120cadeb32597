import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { QueryResult } from '../../../shared/contract/schemas.js';
import { exactInteger, formatBlob } from '../../../shared/format.js';
import { quoteIdentifier } from '../db/column-types.js';
import { sourceColumns } from './source-columns.js';

export interface RowsRequest {
  source: string;
  offset: number;
  limit: number;
  orderBy?: string | undefined;
  descending?: boolean | undefined;
  /** Keeps the rows where any column's text contains this. */
  filter?: string | undefined;
  countTotal: boolean;
}

/** A grid cell shows at most this many bytes of a BLOB. */
const GRID_BLOB_BYTES = 64;

/** A value as JSON can carry it: integers exact (digits as text past 2^53), BLOBs as hex literals. */
function cell(value: unknown): string | number | boolean | null {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (typeof value === 'bigint') return exactInteger(value);
  if (value instanceof Uint8Array) return formatBlob(value, GRID_BLOB_BYTES);
  return String(value);
}

/** One page of a table or feature view for the grid: sorted, filtered, with the total it pages over. */
export function readRows(db: Database.Database, request: RowsRequest): QueryResult {
  const columns = sourceColumns(db, request.source);
  const source = quoteIdentifier(request.source);
  if (request.orderBy && !columns.some((column) => column.name === request.orderBy)) {
    throw new TriadError('invalid_input', `${request.source} has no column ${request.orderBy} to sort by`);
  }
  const filter = request.filter?.trim();
  const whereClause = filter
    ? `WHERE ${columns.map((column) => `CAST(${quoteIdentifier(column.name)} AS TEXT) LIKE @filter ESCAPE '\\'`).join(' OR ')}`
    : '';
  const params = filter ? { filter: `%${filter.replace(/[\\%_]/g, '\\$&')}%` } : {};
  const order = request.orderBy
    ? `ORDER BY ${quoteIdentifier(request.orderBy)} ${request.descending ? 'DESC' : 'ASC'}`
    : '';
  const total = request.countTotal
    ? (db.prepare(`SELECT count(*) AS n FROM ${source} ${whereClause}`).get(params) as { n: number }).n
    : null;
  const rows = db
    .prepare(`SELECT * FROM ${source} ${whereClause} ${order} LIMIT ${request.limit} OFFSET ${request.offset}`)
    .safeIntegers(true)
    .raw(true)
    .all(params) as unknown[][];
  return { columns, rows: rows.map((row) => row.map(cell)), total };
}

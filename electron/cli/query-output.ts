import type { ErrorBody } from '../../shared/contract/errors.js';
import { formatCount } from '../../shared/format.js';
import type { DisplayValue } from '../backend/query/query-value.js';
import type { QueryColumn } from '../backend/query/read-only-query.js';
import type { QueryConsumer, QuerySummary } from '../backend/query/timed-query.js';

/** The table prints at most this many rows (its column widths need them all); --json prints every row. */
export const TABLE_ROWS = 10_000;
const CELL_WIDTH = 40;
/** A table cell shows at most this many bytes of a BLOB: more would be cut at the cell's width anyway. */
export const TABLE_BLOB_BYTES = 16;

/** Writes to stdout and resolves once the text is handed to the system, so output never piles up. */
function write(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}

export interface QueryOutput extends QueryConsumer {
  finish(summary: QuerySummary): Promise<void>;
  /** Ends output already begun with the error; false when nothing was written yet. */
  abort(error: ErrorBody): Promise<boolean>;
}

/**
 * JSON streamed as it is read, one row a line: `{"columns": […], "rows": [\n[…],\n[…]\n],
 * "truncated": false}`. An error after the rows began closes the document with `"error"`.
 */
export function jsonOutput(): QueryOutput {
  let started = false;
  let anyRows = false;
  return {
    async columns(columns) {
      started = true;
      await write(`{"columns":${JSON.stringify(columns)},"rows":[`);
    },
    async rows(lines) {
      // JSON.stringify escapes line breaks inside values, so each line break separates two rows.
      await write(`${anyRows ? ',' : ''}\n${lines.replaceAll('\n', ',\n')}`);
      anyRows = true;
      return true;
    },
    async finish(summary) {
      await write(`\n],"truncated":${summary.truncated}}\n`);
    },
    async abort(error) {
      if (!started) return false;
      await write(`\n],"error":${JSON.stringify(error)}}\n`);
      return true;
    },
  };
}

/** A value longer than a cell ends in an ellipsis where it is cut, so it is not mistaken for the whole. */
export function cutToWidth(cell: string): string {
  return cell.length > CELL_WIDTH ? `${cell.slice(0, CELL_WIDTH - 1)}…` : cell;
}

function table(columns: readonly QueryColumn[], rows: readonly string[][]): string {
  const cells = [columns.map((column) => column.name), ...rows];
  const widths = columns.map((_, index) =>
    cells.reduce((widest, line) => Math.max(widest, Math.min(CELL_WIDTH, (line[index] ?? '').length)), 0),
  );
  const format = (line: readonly string[]) =>
    line
      .map((cell, index) => cutToWidth(cell).padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    format(cells[0] ?? []),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...cells.slice(1).map(format),
  ].join('\n');
}

/** How many rows the table shows and what it leaves out: counted when all were read anyway, never read just to count. */
function footer(shown: number, summary: QuerySummary): string {
  if (summary.stoppedEarly)
    return `(${formatCount(shown, 'row')} shown; more rows not shown, use --json to print them all)`;
  const parts = [
    shown < summary.rowCount
      ? `${shown.toLocaleString('en-US')} of ${formatCount(summary.rowCount, 'row')} shown, use --json to print them all`
      : formatCount(shown, 'row'),
    ...(summary.truncated ? ['more rows matched, raise --limit to see them'] : []),
  ];
  return `(${parts.join('; ')})`;
}

/** An aligned table of the first TABLE_ROWS rows, saying whether more matched. */
export function tableOutput(): QueryOutput {
  let columns: QueryColumn[] = [];
  const shown: string[][] = [];
  return {
    columns(queryColumns) {
      columns = queryColumns;
    },
    rows(lines) {
      for (const line of lines.split('\n').slice(0, TABLE_ROWS - shown.length)) {
        shown.push((JSON.parse(line) as DisplayValue[]).map((value) => (value === null ? 'NULL' : String(value))));
      }
      return shown.length < TABLE_ROWS;
    },
    async finish(summary) {
      await write(`${table(columns, shown)}\n${footer(shown.length, summary)}\n`);
    },
    async abort() {
      return false;
    },
  };
}

import { join } from 'node:path';
import type { Command } from 'commander';
import { formatStoredTime, isTimeType } from '../../../shared/format.js';
import { DATABASE_FILE } from '../../backend/project/project-folder.js';
import type { QueryColumn } from '../../backend/query/read-only-query.js';
import { runTimedQuery } from '../../backend/query/timed-query.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { parseCount } from '../parse-options.js';
import { openProjectOption, PROJECT_OPTION } from '../project-option.js';

interface SqlOptions extends OutputOptions {
  project?: string;
  limit: number;
  timeout: number;
}

/** Timestamps and dates are stored as epoch milliseconds; people read them as ISO-8601. */
function display(value: unknown, column: QueryColumn): unknown {
  if (typeof value === 'number' && isTimeType(column.type)) return formatStoredTime(value, column.type);
  if (typeof value === 'number' && column.type === 'boolean') return value === 1;
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  return value;
}

function table(columns: QueryColumn[], rows: unknown[][]): string {
  const cells = [
    columns.map((column) => column.name),
    ...rows.map((row) => row.map((value) => (value === null ? 'NULL' : String(value)))),
  ];
  const widths = columns.map((_, index) => Math.min(40, Math.max(...cells.map((line) => (line[index] ?? '').length))));
  const format = (line: string[]) =>
    line
      .map((cell, index) => cell.slice(0, 40).padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    format(cells[0] ?? []),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...cells.slice(1).map(format),
  ].join('\n');
}

export function registerSql(program: Command): void {
  program
    .command('sql')
    .description('run a read-only SQL query on the project')
    .argument('<query>', 'one SQL statement that reads, e.g. "SELECT * FROM flights LIMIT 5"')
    .option(...PROJECT_OPTION)
    .option('--limit <n>', 'at most this many rows', parseCount, 1000)
    .option('--timeout <seconds>', 'stop the query after this long', parseCount, 30)
    .option('--json', 'print machine-readable JSON')
    .action(async (query: string, options: SqlOptions) => {
      try {
        const project = await openProjectOption(options.project);
        const dbFile = join(project.path, DATABASE_FILE);
        project.close();
        const result = await runTimedQuery(dbFile, query, options.limit, options.timeout * 1000);
        const rows = result.rows.map((row) =>
          row.map((value, index) => display(value, result.columns[index] as QueryColumn)),
        );
        printResult(options, { columns: result.columns, rows, truncated: result.truncated }, () =>
          [
            table(result.columns, rows),
            `(${rows.length} ${rows.length === 1 ? 'row' : 'rows'}${result.truncated ? `; more rows matched, raise --limit to see them` : ''})`,
          ].join('\n'),
        );
      } catch (error) {
        exitWithError(options, error);
      }
    });
}

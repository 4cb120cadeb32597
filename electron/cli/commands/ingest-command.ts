import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { TriadError } from '../../../shared/contract/errors.js';
import type { ImportResult } from '../../../shared/contract/jobs.js';
import type { ImportMode } from '../../../shared/contract/schemas.js';
import { formatBytes, formatCount } from '../../../shared/format.js';
import { describeImport } from '../../../shared/import-summary.js';
import { type ColumnSpec, isColumnType } from '../../backend/db/column-types.js';
import { DEFAULT_MAX_QUARANTINED } from '../../backend/ingest/import-limits.js';
import type { SourceFormat } from '../../backend/ingest/record-source.js';
import { assertFileToRead, formatFromExtension, unknownFormatMessage } from '../../backend/ingest/source-files.js';
import { describeCheckResults } from '../describe-checks.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { collect, parseChoice, parseCount } from '../parse-options.js';
import { PROJECT_OPTION, type ProjectOptions, withProject } from '../project-option.js';
import { runJobFromCli } from '../run-job.js';

interface IngestOptions extends OutputOptions, ProjectOptions {
  table: string;
  format?: SourceFormat;
  mode?: Exclude<ImportMode, 'create'>;
  delimiter?: string;
  header: boolean;
  encoding?: string;
  type: string[];
  skip: string[];
  rename: string[];
  maxQuarantined: number;
  readers?: number;
  preview?: boolean;
}

function splitPair(text: string, option: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`${option} takes COLUMN=VALUE, not "${text}"`);
  return [text.slice(0, at), text.slice(at + 1)];
}

/** Applies --type, --skip and --rename to the inferred schema, refusing unknown columns. */
export function editSchema(
  columns: ColumnSpec[],
  options: Pick<IngestOptions, 'type' | 'skip' | 'rename'>,
): ColumnSpec[] {
  const edited = columns.map((column) => ({ ...column }));
  const find = (name: string, option: string) => {
    const column = edited.find((candidate) => candidate.source === name);
    if (!column)
      throw new InvalidArgumentError(
        `${option}: the file has no column "${name}" (its columns: ${edited.map((c) => c.source).join(', ')})`,
      );
    return column;
  };
  for (const pair of options.type) {
    const [name, value] = splitPair(pair, '--type');
    const [type, ...formatParts] = value.split(':');
    if (!isColumnType(type))
      throw new InvalidArgumentError(
        `--type ${pair}: "${type}" is not a column type (integer, real, text, boolean, timestamp, date, json, binary)`,
      );
    const column = find(name, '--type');
    column.type = type;
    column.format = formatParts.length > 0 ? formatParts.join(':') : null;
  }
  for (const name of options.skip) find(name, '--skip').skip = true;
  for (const pair of options.rename) {
    const [name, newName] = splitPair(pair, '--rename');
    find(name, '--rename').name = newName;
  }
  return edited;
}

function describeSchema(columns: ColumnSpec[]): string {
  return columns
    .map(
      (column) =>
        `  ${column.source.padEnd(24)} ${column.skip ? 'skipped' : `${column.type}${column.format ? ` (${column.format})` : ''}${column.name !== column.source ? ` as ${column.name}` : ''}`}`,
    )
    .join('\n');
}

/** What `triad ingest` prints once a file is imported. */
export function describeIngestResult(result: ImportResult): string {
  const unlisted = result.rowsQuarantined - result.quarantine.length;
  return [
    `${describeImport(result)} in ${(result.durationMs / 1000).toFixed(1)} s; ${formatCount(result.rowsQuarantined, 'row')} quarantined.`,
    describeSchema(result.columns),
    ...result.quarantine.map((row) => `  quarantined row ${row.rowNumber}: ${row.reason}`),
    ...(unlisted > 0
      ? [
          `  …and ${formatCount(unlisted, 'more row')}: every quarantined row, with its values, is in the triad_quarantine table (triad sql "SELECT * FROM triad_quarantine")`,
        ]
      : []),
    ...(result.checks.length > 0 ? ['Quality checks:', describeCheckResults(result.checks)] : []),
  ].join('\n');
}

/** The format given with --format, else the one the extension names; the error says how to give it. */
function sourceFormat(file: string, given: SourceFormat | undefined): SourceFormat {
  if (given) return given;
  assertFileToRead(resolve(file));
  const format = formatFromExtension(file);
  if (!format)
    throw new TriadError(
      'invalid_input',
      `${unknownFormatMessage(resolve(file))}; or name its format with --format csv, ndjson, parquet or arrow`,
    );
  return format;
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('import a CSV, NDJSON, Parquet or Arrow file into a table (built beside it, then swapped in whole)')
    .argument('<file>', 'the file to import')
    .requiredOption('--table <name>', 'table to import into')
    .option(...PROJECT_OPTION)
    .option(
      '--format <format>',
      'csv, ndjson, parquet or arrow (default: from the extension)',
      parseChoice(['csv', 'ndjson', 'parquet', 'arrow']),
    )
    .option(
      '--mode <mode>',
      'append to an existing table or replace it (required when the table exists)',
      parseChoice(['append', 'replace']),
    )
    .option('--delimiter <char>', 'CSV field separator (default: detected)')
    .option('--no-header', 'the CSV has no header line (columns are named column_1, column_2, …)')
    .option('--encoding <name>', 'CSV text encoding: utf-8 (default), utf-16le, utf-16be, latin1')
    .option(
      '--type <column=type[:format]>',
      'set a column type, e.g. price=real or at=timestamp:%d/%m/%Y %H:%M (repeatable)',
      collect,
      [],
    )
    .option('--skip <column>', 'do not import this column (repeatable)', collect, [])
    .option('--rename <column=name>', 'import a column under another name (repeatable)', collect, [])
    .option(
      '--max-quarantined <n>',
      'fail the import when more rows than this do not fit',
      parseCount,
      DEFAULT_MAX_QUARANTINED,
    )
    .option(
      '--readers <n>',
      'reader threads for a Parquet file, a row group each in turn (default: one per core but one)',
      parseCount,
    )
    .option('--preview', 'show the inferred schema and the first rows, and import nothing')
    .option('--json', 'print machine-readable JSON')
    .action(async (file: string, options: IngestOptions) => {
      try {
        const csv = {
          ...(options.delimiter ? { delimiter: options.delimiter.replace('\\t', '\t') } : {}),
          ...(options.encoding ? { encoding: options.encoding } : {}),
          header: options.header,
        };
        const format = sourceFormat(file, options.format);
        const edited = options.type.length > 0 || options.skip.length > 0 || options.rename.length > 0;
        // Without edits to make, the import infers the schema itself: the file is not read twice.
        const preview =
          options.preview || edited
            ? await (await import('../../backend/ingest/preview.js')).previewFile(file, { format, csv })
            : null;
        const columns = preview ? editSchema(preview.columns, options) : undefined;
        if (options.preview && preview && columns) {
          printResult(options, { ...preview, columns }, () =>
            [
              `${basename(preview.file)}: ${preview.format}, ${formatBytes(preview.totalBytes)}`,
              describeSchema(columns),
              ...preview.warnings.map((warning) => `warning: ${warning}`),
            ].join('\n'),
          );
          return;
        }
        const result = await withProject(options, (project) =>
          runJobFromCli(
            project,
            'import',
            {
              file,
              table: options.table,
              mode: options.mode ?? 'create',
              format,
              csv,
              ...(columns ? { columns } : {}),
              maxQuarantined: options.maxQuarantined,
              ...(options.readers ? { readers: options.readers } : {}),
            },
            options,
          ),
        );
        printResult(options, result, () => describeIngestResult(result));
      } catch (error) {
        exitWithError(options, error);
      }
    });
}

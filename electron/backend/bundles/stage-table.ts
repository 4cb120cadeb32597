import type Database from 'better-sqlite3';
import type { BundleContents } from '../../../shared/contract/bundle-manifest.js';
import { TriadError } from '../../../shared/contract/errors.js';
import { type ColumnType, isColumnType, quoteIdentifier, SQLITE_STORAGE } from '../db/column-types.js';
import { registerStaging, stagingName } from '../db/staging-tables.js';
import type { ImportedColumn } from '../ingest/coerce-batch.js';
import { coercedInThisThread } from '../ingest/coerced-batches.js';
import { openRecordSource } from '../ingest/open-source.js';
import { createRowInserter } from '../ingest/row-inserter.js';

export type BundledColumn = BundleContents['tables'][number]['columns'][number];

/** What staging needs of a table: its name, rows, and its columns (null: as its Parquet declares them). */
interface TableToStage {
  name: string;
  rows: number;
  columns: BundledColumn[] | null;
}

const BATCH_ROWS = 50_000;

function columnType(table: string, column: { name: string; type: string }): ColumnType {
  if (!isColumnType(column.type))
    throw new TriadError(
      'invalid_input',
      `table ${table} in the bundle has column ${column.name} of unknown type ${column.type}`,
    );
  return column.type;
}

/**
 * Builds a bundled table under a staging name (registered with its owner, so a killed process's
 * leftovers are removed when the project opens) from its Parquet, in short transactions, each value
 * typed as the table's column. Refuses a file whose columns or rows do not match the manifest.
 */
export async function stageBundledTable(
  db: Database.Database,
  table: TableToStage,
  parquetFile: string,
  owner: string,
  onRows: (rows: number) => void,
): Promise<{ staging: string; columns: BundledColumn[] }> {
  const source = await openRecordSource(parquetFile, 'parquet');
  const declared = await source.fields();
  const bundled =
    table.columns ?? declared.map((field) => ({ name: field.name, type: field.declaredType ?? 'text', format: null }));
  const columns = bundled.map(
    (column, index): ImportedColumn => ({
      name: column.name,
      type: columnType(table.name, column),
      format: null,
      source: column.name,
      skip: false,
      index,
    }),
  );
  const fields = declared.map((field) => field.name);
  if (fields.join('\u0000') !== columns.map((column) => column.name).join('\u0000'))
    throw new TriadError(
      'invalid_input',
      `table ${table.name} in the bundle has columns ${fields.join(', ')}, and its manifest says ${columns.map((column) => column.name).join(', ')}`,
    );
  const staging = stagingName();
  db.transaction(() => {
    const definitions = columns.map((column) => `${quoteIdentifier(column.name)} ${SQLITE_STORAGE[column.type]}`);
    db.exec(`CREATE TABLE ${quoteIdentifier(staging)} (${definitions.join(', ')})`);
    registerStaging(db, staging, table.name, { owner, importId: null });
  }).immediate();
  const inserter = createRowInserter(
    db,
    staging,
    columns.map((column) => column.name),
  );
  const batches = coercedInThisThread(source.batches(BATCH_ROWS)[Symbol.asyncIterator](), columns, new Set());
  let rows = 0;
  for (let batch = await batches.next(); batch; batch = await batches.next()) {
    const [misfit] = batch.quarantined;
    if (misfit)
      throw new TriadError(
        'invalid_input',
        `row ${misfit.rowNumber} of table ${table.name} in the bundle does not fit its columns (${misfit.reason})`,
      );
    const current = batch;
    db.transaction(() => {
      inserter.addColumns(current.columns, current.rowCount);
      inserter.flush();
    }).immediate();
    rows += batch.rowCount;
    onRows(rows);
  }
  if (rows !== table.rows)
    throw new TriadError(
      'invalid_input',
      `table ${table.name} in the bundle holds ${rows} rows, and its manifest says ${table.rows}`,
    );
  return { staging, columns: bundled };
}

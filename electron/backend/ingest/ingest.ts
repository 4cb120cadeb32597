import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { basename, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { ImportMode } from '../../../shared/contract/schemas.js';
import { type ColumnSpec, quoteIdentifier, SQLITE_STORAGE } from '../db/column-types.js';
import { liveStagingFor, registerStaging, stagingName, unregisterStaging } from '../db/staging-tables.js';
import { recordTable } from '../db/table-catalog.js';
import { type CheckResult, runQualityChecks } from '../quality/quality-checks.js';
import { batchCoercer, type CoercedBatch, type ImportedColumn, type QuarantinedRow } from './coerce-batch.js';
import { type CoercedBatches, coercedInThisThread, type ReaderThread, startReaderThread } from './coerced-batches.js';
import { readerError } from './coercing-reader-protocol.js';
import { DEFAULT_MAX_QUARANTINED } from './import-limits.js';
import { handedOffCheckpoints, newHandOffWord, plainCommits } from './log-hand-off.js';
import { openRecordSource } from './open-source.js';
import { READER_THREAD_AVAILABLE } from './reader-threads.js';
import type { RecordBatch, SourceFormat } from './record-source.js';
import { assertReplaceKeepsDependents, replaceTable } from './replace-table.js';
import { inferSchema } from './schema-inference.js';
import { assertFileToRead, detectFormat } from './source-files.js';
import type { CsvOptions } from './sources/csv-source.js';
import { createStagingWriter, type StagingWriter } from './staging-writer.js';
import { NO_DEPENDENTS, type TableDependents } from './table-dependents.js';
import { assertTableName } from './table-names.js';
import { DEFAULT_NULL_TOKENS } from './value-coercion.js';

export type IngestMode = ImportMode;

export interface IngestRequest {
  file: string;
  /** What the import history and lineage call the file when its path means nothing to the user (an upload). */
  sourceName?: string;
  table: string;
  mode: IngestMode;
  format?: SourceFormat;
  csv?: CsvOptions;
  /** The schema to import with; inferred from the first batch when omitted. */
  columns?: ColumnSpec[];
  nullTokens?: string[];
  /** More rows than this not fitting the schema fails the whole import. */
  maxQuarantined?: number;
  batchRows?: number;
  /** Reader threads for a file in parts (default: one per core besides the inserting thread's). */
  readers?: number;
  /** Who owns the staging table (a job id), so it can be discarded if its thread is stopped. */
  stagingOwner?: string;
}

export interface IngestProgress {
  rowsRead: number;
  rowsImported: number;
  rowsQuarantined: number;
  bytesRead: number;
  totalBytes: number;
  elapsedMs: number;
  rowsPerSecond: number;
  etaSeconds: number | null;
}

export interface IngestResult {
  importId: string;
  table: string;
  mode: IngestMode;
  /** True when the table did not exist before this import. */
  created: boolean;
  format: SourceFormat;
  columns: ColumnSpec[];
  rowsImported: number;
  rowsQuarantined: number;
  /** The first quarantined rows, to show the user why. */
  quarantine: QuarantinedRow[];
  /** The table's quality checks, run once the import committed. */
  checks: CheckResult[];
  durationMs: number;
}

export interface IngestHooks {
  onProgress?(progress: IngestProgress): void;
  signal?: AbortSignal;
  /**
   * What reads a table this import replaces (the feature views: see the import use case), loaded
   * only when the table exists: an import into a new table never loads their code.
   */
  dependents?: () => Promise<TableDependents>;
}

const DEFAULT_BATCH_ROWS = 10_000;
const QUARANTINE_SHOWN = 20;
/** Reader threads for a file in parts: one per core besides the inserting thread's, up to this. */
const MAX_READERS = 3;

export class IngestCancelled extends TriadError {
  constructor() {
    super('cancelled', 'the import was cancelled; the table is as it was before');
  }
}

interface ExistingColumn {
  name: string;
  type: ColumnSpec['type'];
  format: string | null;
}

function existingColumns(db: Database.Database, table: string): ExistingColumn[] | null {
  const known = db.prepare('SELECT name FROM triad_tables WHERE name = ?').get(table);
  if (!known) {
    const raw = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE")
      .get(table);
    if (raw)
      throw new TriadError(
        'already_exists',
        `table ${table} exists but was not made by an import: choose another name`,
      );
    return null;
  }
  return db
    .prepare('SELECT name, type, format FROM triad_columns WHERE table_name = ? ORDER BY position')
    .all(table) as ExistingColumn[];
}

/** For append: the file's columns must be the table's, by name; their types come from the table. */
function alignWithTable(columns: ColumnSpec[], existing: ExistingColumn[], table: string): ColumnSpec[] {
  const imported = columns.filter((column) => !column.skip);
  const byName = new Map(existing.map((column) => [column.name.toLowerCase(), column]));
  const unknown = imported.filter((column) => !byName.has(column.name.toLowerCase()));
  if (unknown.length > 0) {
    throw new TriadError(
      'invalid_input',
      `cannot append to ${table}: it has no column ${unknown.map((column) => column.name).join(', ')} (its columns: ${existing.map((column) => column.name).join(', ')})`,
    );
  }
  return columns.map((column) => {
    const target = byName.get(column.name.toLowerCase());
    return column.skip || !target
      ? column
      : { ...column, name: target.name, type: target.type, format: column.format ?? target.format };
  });
}

function validateColumns(columns: ColumnSpec[], fieldCount: number): void {
  if (columns.length !== fieldCount) {
    throw new TriadError('invalid_input', `the schema lists ${columns.length} columns but the file has ${fieldCount}`);
  }
  const imported = columns.filter((column) => !column.skip);
  if (imported.length === 0) throw new TriadError('invalid_input', 'every column is skipped: import at least one');
  const seen = new Set<string>();
  for (const [index, column] of columns.entries()) {
    if (column.skip) continue;
    // SQLite reads a name in SQL text only up to a NUL, so it can store no name holding one.
    if (column.name.includes('\0'))
      throw new TriadError(
        'invalid_input',
        `the name of column ${index + 1} holds a NUL character, which a column name cannot hold: rename the column (or, if the file is damaged, export it again)`,
      );
    if (column.name.trim() === '')
      throw new TriadError('invalid_input', `the column read from "${column.source}" needs a name`);
    const key = column.name.toLowerCase();
    if (seen.has(key)) throw new TriadError('invalid_input', `two columns are named "${column.name}": rename one`);
    seen.add(key);
  }
}

function createTable(db: Database.Database, name: string, columns: ColumnSpec[]): void {
  const definitions = columns
    .filter((column) => !column.skip)
    .map((column) => `${quoteIdentifier(column.name)} ${SQLITE_STORAGE[column.type]}`);
  db.exec(`CREATE TABLE ${quoteIdentifier(name)} (${definitions.join(', ')})`);
}

/** An append builds the whole table anew: the existing columns, in their order and types. */
function existingAsColumns(existing: readonly ExistingColumn[]): ColumnSpec[] {
  return existing.map((column) => ({ ...column, source: column.name, skip: false }));
}

/** What tells whether a table changed between two moments: its catalog row (null: no such table). */
interface TableVersion {
  rows: number;
  updatedAt: string;
}

function tableVersion(db: Database.Database, table: string): TableVersion | null {
  const row = db.prepare('SELECT row_count, updated_at FROM triad_tables WHERE name = ?').get(table) as
    | { row_count: number; updated_at: string }
    | undefined;
  return row ? { rows: row.row_count, updatedAt: row.updated_at } : null;
}

const sameVersion = (a: TableVersion | null, b: TableVersion | null) =>
  a === b || (a !== null && b !== null && a.rows === b.rows && a.updatedAt === b.updatedAt);

/** Rows copied per transaction when an append copies the existing rows into its staging table. */
const COPY_BATCH_ROWS = 50_000;

/**
 * Copies a table's rows, keeping their rowids, in short transactions, with a turn of the event loop
 * between them (a cancel is seen there, also when the import runs on a command's own thread).
 */
async function copyRowsInBatches(
  db: Database.Database,
  from: string,
  to: string,
  columns: readonly string[],
  signal: AbortSignal | undefined,
): Promise<void> {
  const list = ['rowid', ...columns.map(quoteIdentifier)].join(', ');
  const copy = db.prepare(
    `INSERT INTO ${quoteIdentifier(to)} (${list}) SELECT ${list} FROM ${quoteIdentifier(from)} WHERE rowid > ? ORDER BY rowid LIMIT ${COPY_BATCH_ROWS}`,
  );
  const last = db.prepare(`SELECT max(rowid) FROM ${quoteIdentifier(to)}`).pluck();
  const batch = db.transaction((after: number) => copy.run(after).changes);
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    if (signal?.aborted) throw new IngestCancelled();
    if (batch.immediate(after) < COPY_BATCH_ROWS) return;
    after = last.get() as number;
    await new Promise(setImmediate);
  }
}

async function readingFile<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw readerError(error);
  }
}

async function nextBatch(iterator: AsyncIterator<RecordBatch>): Promise<RecordBatch | null> {
  const next = await readingFile(iterator.next());
  return next.done ? null : next.value;
}

/** Checkpoints after each commit on this connection, or (`false`) leaves them to the import's own (log-hand-off.ts). */
function checkpointSoon(db: Database.Database, here: boolean): void {
  db.pragma(`wal_autocheckpoint = ${here ? 16 : 0}`);
}

function tableExists(table: string): TriadError {
  return new TriadError(
    'already_exists',
    `table ${table} already exists, so nothing was imported: choose mode append to add the rows to it, or replace to replace it`,
  );
}

/** Refuses before any file is read, so a refused import is not recorded as one that failed. */
function refuseExistingTable(dbFile: string, table: string, openDatabase: (file: string) => Database.Database): void {
  const db = openDatabase(dbFile);
  try {
    if (existingColumns(db, table) !== null) throw tableExists(table);
  } finally {
    db.close();
  }
}

/**
 * Imports a file into a table in one transaction on its own connection: a failure, a cancel or a
 * killed process leaves the table exactly as it was. Rows that do not fit the schema go to the
 * quarantine with their row number and the reason, up to `maxQuarantined`.
 */
export async function ingestFile(
  dbFile: string,
  request: IngestRequest,
  hooks: IngestHooks,
  openDatabase: (file: string) => Database.Database,
): Promise<IngestResult> {
  assertTableName(request.table);
  const file = resolve(request.file);
  assertFileToRead(file);
  const format = request.format ?? detectFormat(file);
  const nullTokens = new Set(request.nullTokens ?? DEFAULT_NULL_TOKENS);
  const maxQuarantined = request.maxQuarantined ?? DEFAULT_MAX_QUARANTINED;
  const batchRows = request.batchRows ?? DEFAULT_BATCH_ROWS;
  const started = Date.now();
  if (request.mode === 'create') refuseExistingTable(dbFile, request.table, openDatabase);
  const source = await readingFile(openRecordSource(file, format, request.csv));
  let readerThreads: ReaderThread[] = [];
  let rest: CoercedBatches[] = [];
  const db = openDatabase(dbFile);
  // Room for one batch's pages, so a batch is not spilled to the log mid-way; no more, since each
  // batch commits and a larger cache only fills with pages written already (fresh memory, page faults).
  db.pragma('cache_size = -16384');
  const importId = randomUUID();
  const startedAt = new Date(started).toISOString();
  const staging = stagingName();
  const swap = { table: request.table, staging, dependents: NO_DEPENDENTS };
  let staged = false;
  let writer: StagingWriter | null = null;
  try {
    const fields = await readingFile(source.fields());
    if (fields.length === 0)
      throw new TriadError('invalid_input', `${basename(file)} has no columns: there is nothing to import`);
    // A schema is inferred from the first batch's values unless it is given or the file declares
    // every column's type (Parquet, Arrow): by the first reader thread, or by this thread when there
    // is none (this thread then reads the whole file).
    const inferFromValues = request.columns === undefined && fields.some((field) => !field.declaredType);
    // The rest of the file is read and typed on reader threads when they are available, while this
    // thread inserts; they start now, so they read while the schema is settled. A file in parts
    // (Parquet row groups) is shared between readers, part by part, when there are cores to spare.
    const handOffWord = newHandOffWord();
    if (READER_THREAD_AVAILABLE) {
      const readers = Math.max(1, Math.min(request.readers ?? availableParallelism() - 1, MAX_READERS, source.parts));
      readerThreads = Array.from({ length: readers }, (_, index) =>
        startReaderThread({
          file,
          format,
          csv: request.csv,
          batchRows,
          share: { index, of: readers },
          infersSchema: index === 0 && inferFromValues,
          nullTokens: [...nullTokens],
          checkpoints: index === 0 ? { file: dbFile, word: handOffWord } : null,
        }),
      );
    }
    // Each copy's pages are moved from the log into the database right after its commit, while the
    // file is still being read, instead of all at once when the last connection closes: by this
    // connection (an append's copy of the table's rows), then by the import's commits (log-hand-off.ts).
    checkpointSoon(db, true);
    const batches = source.batches(batchRows)[Symbol.asyncIterator]();
    // Undefined: the first batch comes from the first reader thread.
    const first = readerThreads.length === 0 ? await nextBatch(batches) : undefined;
    const firstReader = readerThreads[0];
    let columns =
      request.columns ??
      (firstReader && inferFromValues
        ? await firstReader.inferredColumns()
        : inferSchema(fields, first ?? null, nullTokens));
    validateColumns(columns, fields.length);

    let dependentsLoaded = false;
    if (hooks.dependents && existingColumns(db, request.table) !== null) {
      swap.dependents = await hooks.dependents();
      dependentsLoaded = true;
    }

    // Short transaction 1: check the table, create and register the staging table, record the import.
    const { existing, appending, tableBefore } = db
      .transaction(() => {
        const found = existingColumns(db, request.table);
        // Checked again here: another import may have created the table since the check above.
        if (request.mode === 'create' && found !== null) throw tableExists(request.table);
        if (found !== null && hooks.dependents && !dependentsLoaded)
          throw new TriadError(
            'unavailable',
            `${request.table} was created by another import as this one started, so nothing was imported: import again`,
          );
        if (liveStagingFor(db, request.table))
          throw new TriadError(
            'unavailable',
            `another import into ${request.table} is running: wait for it to finish or cancel it (triad jobs list), then import again`,
          );
        const adding = request.mode === 'append' && found !== null;
        if (adding && found) columns = alignWithTable(columns, found, request.table);
        createTable(db, staging, adding && found ? existingAsColumns(found) : columns);
        registerStaging(db, staging, request.table, { owner: request.stagingOwner ?? importId, importId });
        if (found !== null && !adding)
          assertReplaceKeepsDependents(
            db,
            swap,
            columns.filter((column) => !column.skip),
          );
        db.prepare(
          `INSERT INTO triad_imports (id, table_name, file, file_bytes, format, mode, status, started_at)
           VALUES (?, ?, ?, ?, ?, ?, 'running', ?)`,
        ).run(importId, request.table, request.sourceName ?? file, source.totalBytes, format, request.mode, startedAt);
        return { existing: found, appending: adding, tableBefore: tableVersion(db, request.table) };
      })
      .immediate();
    staged = true;
    const importedColumns = columns.filter((column) => !column.skip);
    if (appending && existing)
      await copyRowsInBatches(
        db,
        request.table,
        staging,
        existing.map((column) => column.name),
        hooks.signal,
      );

    const imported: ImportedColumn[] = columns
      .map((column, index) => ({ ...column, index }))
      .filter((column) => !column.skip);
    const commits = firstReader ? handedOffCheckpoints(db, handOffWord, firstReader) : plainCommits;
    writer = createStagingWriter(
      db,
      staging,
      imported.map((column) => ({ name: column.name, storage: SQLITE_STORAGE[column.type] })),
      commits,
    );
    const rows = writer;
    const insertQuarantine = db.prepare(
      'INSERT INTO triad_quarantine (import_id, row_number, column_name, reason, raw) VALUES (?, ?, ?, ?, ?)',
    );
    const quarantine: QuarantinedRow[] = [];
    let rowsRead = 0;
    let rowsImported = 0;
    let rowsQuarantined = 0;

    const quarantineRow = (row: QuarantinedRow) => {
      rowsQuarantined += 1;
      insertQuarantine.run(importId, row.rowNumber, row.column, row.reason, row.raw);
      if (quarantine.length < QUARANTINE_SHOWN) quarantine.push(row);
      if (rowsQuarantined > maxQuarantined) {
        const firstProblem = quarantine[0];
        throw new TriadError(
          'invalid_input',
          `more than ${maxQuarantined} rows do not fit the schema (first: row ${firstProblem?.rowNumber}: ${firstProblem?.reason}); nothing was imported. Fix the schema or raise the quarantine limit.`,
        );
      }
    };

    // Writes go in short transactions (a batch's quarantined rows, a copy of gathered rows): other
    // writers get the lock between them.
    const quarantineRows = db.transaction((rows: readonly QuarantinedRow[]) => {
      for (const row of rows) quarantineRow(row);
    });
    const importBatch = (batch: CoercedBatch) => {
      const { quarantined } = batch;
      if (quarantined.length > 0) commits(() => quarantineRows.immediate(quarantined));
      rows.add(batch.columns, batch.rowCount);
      rowsImported += batch.rowCount;
      rowsRead += batch.rowsRead;
    };

    const report = (bytesRead: number) => {
      const elapsedMs = Date.now() - started;
      const rowsPerSecond = elapsedMs > 0 ? Math.round((rowsRead / elapsedMs) * 1000) : 0;
      const bytesPerMs = elapsedMs > 0 ? bytesRead / elapsedMs : 0;
      hooks.onProgress?.({
        rowsRead,
        rowsImported,
        rowsQuarantined,
        bytesRead,
        totalBytes: source.totalBytes,
        elapsedMs,
        rowsPerSecond,
        etaSeconds: bytesPerMs > 0 ? Math.max(0, (source.totalBytes - bytesRead) / bytesPerMs / 1000) : null,
      });
    };

    checkpointSoon(db, readerThreads.length === 0);
    rest =
      readerThreads.length > 0
        ? readerThreads.map((reader) => reader.typeWith(imported))
        : [coercedInThisThread(batches, imported, nullTokens)];
    let reading = 0;
    let batch =
      first === undefined
        ? await (rest[reading] as CoercedBatches).next()
        : first && batchCoercer(imported, nullTokens)(first);
    while (batch) {
      if (hooks.signal?.aborted) throw new IngestCancelled();
      importBatch(batch);
      report(batch.bytesRead);
      if (batch.endsPart) reading = (reading + 1) % rest.length;
      // A turn of the event loop between batches: with batches read ahead, the loop would otherwise
      // never wait, and a cancel (or a progress report) would be handled only once the file is done.
      await new Promise(setImmediate);
      batch = await (rest[reading] as CoercedBatches).next();
    }
    if (hooks.signal?.aborted) throw new IngestCancelled();
    // The reader threads are done: what is left of the log goes with this connection's commits.
    checkpointSoon(db, true);
    rows.flush();
    refuseWhenNothingFits(rowsImported, rowsQuarantined, quarantine);

    // Short transaction 2: swap the staging table in, unless the table changed meanwhile.
    const now = new Date().toISOString();
    const rowCount = rowsImported + (appending ? (tableBefore?.rows ?? 0) : 0);
    const retired = db
      .transaction(() => {
        if (!sameVersion(tableVersion(db, request.table), tableBefore))
          throw new TriadError(
            'unavailable',
            `${request.table} changed while the file was imported (it was dropped, created or imported into meanwhile), so nothing was imported: import again`,
          );
        const swappedOut =
          existing !== null ? replaceTable(db, swap, appending ? null : importedColumns, now, rowCount) : null;
        if (existing === null) {
          db.exec(`ALTER TABLE ${quoteIdentifier(staging)} RENAME TO ${quoteIdentifier(request.table)}`);
          recordTable(db, request.table, importedColumns, now);
        }
        unregisterStaging(db, staging);
        db.prepare(
          "UPDATE triad_imports SET status = 'succeeded', rows_imported = ?, rows_quarantined = ?, finished_at = ? WHERE id = ?",
        ).run(rowsImported, rowsQuarantined, now, importId);
        return swappedOut;
      })
      .immediate();
    staged = false;
    if (retired) db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(retired)}`);
    const checks = runQualityChecks(db, request.table, 'import');
    return {
      checks,
      importId,
      table: request.table,
      mode: request.mode,
      created: existing === null,
      format,
      columns,
      rowsImported,
      rowsQuarantined,
      quarantine,
      durationMs: Date.now() - started,
    };
  } catch (error) {
    const status = error instanceof IngestCancelled ? 'cancelled' : 'failed';
    const message = error instanceof Error ? error.message : String(error);
    if (staged) safelyDiscardStaging(db, staging, importId, status, message);
    else
      safelyRecordFailedImport(db, {
        importId,
        table: request.table,
        file: request.sourceName ?? file,
        bytes: source.totalBytes,
        format,
        mode: request.mode,
        startedAt,
        status,
        error: message,
      });
    throw error;
  } finally {
    writer?.close();
    db.close();
    await Promise.all((rest.length > 0 ? rest : readerThreads).map((reader) => reader.close()));
    await source.close();
  }
}

/**
 * A file whose every row was quarantined has not been imported, whatever the quarantine limit:
 * it fails, so no empty table is created and a table it would replace is kept.
 */
function refuseWhenNothingFits(rowsImported: number, rowsQuarantined: number, quarantine: QuarantinedRow[]): void {
  if (rowsImported > 0 || rowsQuarantined === 0) return;
  const reasons = quarantine
    .slice(0, 3)
    .map((row) => `row ${row.rowNumber}: ${row.reason}`)
    .join('; ');
  throw new TriadError(
    'invalid_input',
    `none of the file's ${rowsQuarantined} rows could be imported (${reasons}); nothing was written.`,
  );
}

interface FailedImport {
  importId: string;
  table: string;
  file: string;
  bytes: number;
  format: SourceFormat;
  mode: IngestMode;
  startedAt: string;
  status: 'failed' | 'cancelled';
  error: string;
}

/**
 * Drops what a failed or cancelled import staged and records how it ended. If the database cannot
 * be written now, the next open of the project removes the staging table.
 */
function safelyDiscardStaging(
  db: Database.Database,
  staging: string,
  importId: string,
  status: 'failed' | 'cancelled',
  error: string,
): void {
  try {
    db.transaction(() => {
      db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(staging)}`);
      unregisterStaging(db, staging);
      db.prepare('DELETE FROM triad_quarantine WHERE import_id = ?').run(importId);
      db.prepare('UPDATE triad_imports SET status = ?, error = ?, finished_at = ? WHERE id = ?').run(
        status,
        error,
        new Date().toISOString(),
        importId,
      );
    }).immediate();
  } catch {
    // the caller reports the import's own error
  }
}

/**
 * Keeps a record of imports that failed before anything was staged.
 * If even that cannot be written (the database is locked), the original error still wins.
 */
function safelyRecordFailedImport(db: Database.Database, failed: FailedImport): void {
  try {
    recordFailedImport(db, failed);
  } catch {
    // nothing more to keep: the caller reports the import's own error
  }
}

function recordFailedImport(db: Database.Database, failed: FailedImport): void {
  db.prepare(
    `INSERT INTO triad_imports (id, table_name, file, file_bytes, format, mode, status, started_at, finished_at, error)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    failed.importId,
    failed.table,
    failed.file,
    failed.bytes,
    failed.format,
    failed.mode,
    failed.status,
    failed.startedAt,
    new Date().toISOString(),
    failed.error,
  );
}

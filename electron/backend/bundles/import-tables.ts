import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { BundleContents } from '../../../shared/contract/bundle-manifest.js';
import type { PipelineRun } from '../../../shared/contract/pipeline-runs.js';
import { storeArtifactFile } from '../db/artifacts.js';
import { type ColumnType, quoteIdentifier } from '../db/column-types.js';
import { unregisterStaging } from '../db/staging-tables.js';
import { recordTable } from '../db/table-catalog.js';
import { replaceTable } from '../ingest/replace-table.js';
import { NO_DEPENDENTS } from '../ingest/table-dependents.js';
import { runEntry, tableEntry, trainingSetEntry } from './bundle-layout.js';
import type { VerifiedBundle } from './bundle-reader.js';
import type { ImportDecision } from './import-decisions.js';
import { type BundledColumn, stageBundledTable } from './stage-table.js';

/** A bundled table or training set to take in, and where its rows are in the bundle. */
interface TableToImport {
  name: string;
  rows: number;
  /** The manifest's columns; null for a training set, whose Parquet declares them. */
  columns: BundledColumn[] | null;
  madeBySql: string | null;
  entry: string;
  trainingSet: { contentHash: string; service: string | null; entityTable: string; featureViews: string[] } | null;
}

export interface StagedTable extends TableToImport {
  staging: string;
  columns: BundledColumn[];
  /** A training set's Parquet, kept in the project's artifacts before the transaction. */
  artifact: string | null;
}

const wanted = (decision: ImportDecision) => decision.action === 'new' || decision.action === 'overwrite';

/** Where a bundled run built the training set: its feature service, entity table and views. */
function snapshotOf(bundle: VerifiedBundle, set: BundleContents['trainingSets'][number]) {
  for (const run of bundle.manifest.contents.runs) {
    const bytes = bundle.small.get(runEntry(run.id));
    if (!bytes) continue;
    const steps = (JSON.parse(bytes.toString('utf8')) as Pick<PipelineRun, 'steps'>).steps ?? [];
    const snapshot = steps.find((step) => step.snapshot?.contentHash === set.contentHash)?.snapshot;
    if (snapshot)
      return {
        service: snapshot.service,
        entityTable: snapshot.entityTable,
        featureViews: snapshot.featureViews.map((view) => view.name),
      };
  }
  return { service: null, entityTable: '', featureViews: [] };
}

/** The bundle's tables and training sets that the decisions take in (new or overwriting). */
export function tablesToImport(bundle: VerifiedBundle, decisions: readonly ImportDecision[]): TableToImport[] {
  const taken = (kind: 'table' | 'training set', name: string) =>
    decisions.some((decision) => decision.item.kind === kind && decision.name === name && wanted(decision));
  const { tables, trainingSets } = bundle.manifest.contents;
  return [
    ...tables
      .filter((table) => taken('table', table.name))
      .map((table) => ({ ...table, entry: tableEntry(table.name), trainingSet: null })),
    ...trainingSets
      .filter((set) => taken('training set', set.table))
      .map((set) => ({
        name: set.table,
        rows: set.rows,
        columns: null,
        madeBySql: null,
        entry: trainingSetEntry(set.table),
        trainingSet: { contentHash: set.contentHash, ...snapshotOf(bundle, set) },
      })),
  ];
}

/**
 * Builds each table under a staging name, in short transactions, and keeps each training set's
 * Parquet in the project's artifacts (a file nothing refers to until the import commits).
 */
export async function stageTables(
  db: Database.Database,
  projectDir: string,
  tables: readonly TableToImport[],
  owner: string,
  fileOf: (entry: string) => string,
  onRows: (done: number, total: number) => void,
): Promise<StagedTable[]> {
  const total = tables.reduce((sum, table) => sum + table.rows, 0);
  let done = 0;
  const staged: StagedTable[] = [];
  for (const table of tables) {
    const file = fileOf(table.entry);
    const built = await stageBundledTable(db, table, file, owner, (rows) => onRows(done + rows, total));
    done += table.rows;
    const artifact = table.trainingSet
      ? (await storeArtifactFile(projectDir, 'training-sets', 'parquet', file)).artifact
      : null;
    staged.push({ ...table, ...built, artifact });
  }
  return staged;
}

/**
 * Puts staged tables in place inside the caller's transaction (a table of the same name is
 * swapped out as an import does it, to drop after it; the caller has dropped the feature views,
 * which it rebuilds), catalogues them, and records each training set as the
 * project's own; returns the swapped-out tables.
 */
export function swapInTables(db: Database.Database, staged: readonly StagedTable[], now: string): string[] {
  const retired: string[] = [];
  for (const table of staged) {
    const existing = db
      .prepare('SELECT name FROM triad_tables WHERE name = ? COLLATE NOCASE')
      .pluck()
      .get(table.name) as string | undefined;
    const columns = table.columns.map((column) => ({
      name: column.name,
      type: column.type as ColumnType,
      format: column.format,
    }));
    // A table the project has (its name, ignoring case) is swapped out as an import replaces one.
    const name = existing ?? table.name;
    if (existing)
      retired.push(
        replaceTable(
          db,
          { table: name, staging: table.staging, dependents: NO_DEPENDENTS },
          columns,
          now,
          table.rows,
          table.madeBySql,
        ),
      );
    else {
      db.exec(`ALTER TABLE ${quoteIdentifier(table.staging)} RENAME TO ${quoteIdentifier(name)}`);
      recordTable(db, name, columns, now, table.madeBySql, table.rows);
    }
    unregisterStaging(db, table.staging);
    const { trainingSet } = table;
    if (trainingSet && table.artifact)
      db.prepare(
        `INSERT INTO triad_training_sets (id, table_name, feature_service, entity_table, feature_views, row_count, content_hash, artifact, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        randomUUID(),
        name,
        trainingSet.service,
        trainingSet.entityTable,
        JSON.stringify(trainingSet.featureViews),
        table.rows,
        trainingSet.contentHash,
        table.artifact,
        now,
      );
  }
  return retired;
}

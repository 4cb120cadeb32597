import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import type {
  BundleImportResult,
  ConflictAction,
  ConflictResolutions,
  ImportItem,
} from '../../../shared/contract/bundles.js';
import { TriadError } from '../../../shared/contract/errors.js';
import type { FeatureDefinitions } from '../../../shared/contract/feature-definitions.js';
import type { DefinitionObjectKind, ModelCard, ModelSignature } from '../../../shared/contract/schemas.js';
import { quoteIdentifier } from '../db/column-types.js';
import { recordPendingFile, writePendingFiles } from '../db/pending-files.js';
import type { Project } from '../db/project.js';
import { discardStaged, ownerFolderOf, removeDeadOwnerFolders } from '../db/staging-tables.js';
import {
  applyDefinitions,
  dropFeatureViews,
  rebuildFeatureViews,
  SECTION_BY_KIND,
  storedParsedDefinitions,
  TABLE_BY_KIND,
} from '../features/apply-definitions.js';
import { DefinitionsError } from '../features/parse-definitions.js';
import { registerModelVersion, setModelAlias } from '../models/model-registry.js';
import { type CheckedPipelineFile, checkedPipelineFiles, PIPELINES_FOLDER } from '../pipelines/project-pipelines.js';
import { codeEntry, modelCardEntry, modelEntry, modelFileEntry } from './bundle-layout.js';
import { type BundleLimits, readBundle, type VerifiedBundle } from './bundle-reader.js';
import { decideImport, type ImportDecision } from './import-decisions.js';
import { type BundleDefinitions, bundleDefinitions, importItems } from './import-items.js';
import { stageTables, swapInTables, tablesToImport } from './import-tables.js';
import { type Renames, renamedCard, renamedDefinitions, renamedPipelineText } from './rename-references.js';

export interface ImportProgress {
  phase: 'verifying' | 'staging tables' | 'committing';
  done: number;
  total: number;
}

export interface ImportOptions {
  /** A choice per conflict, by `KIND:NAME`. */
  resolutions?: ConflictResolutions;
  /** The action for conflicts without a choice of their own; without one, such a conflict refuses the import. */
  otherwise?: ConflictAction | null;
  /** Refuses the verified bundle (an untrusted signature where one is required) by throwing. */
  admit?: (bundle: VerifiedBundle) => void;
  limits?: BundleLimits;
  onProgress?: (progress: ImportProgress) => void;
  /** Who owns the staged tables (a job id), so they are dropped if its thread is stopped. */
  owner?: string;
  /** Stops the import before its transaction; once that has begun, it finishes. */
  signal?: AbortSignal;
}

/** What an import did with each item: the pipeline's name and file in the project, and the model versions it added. */
export type ImportResult = BundleImportResult;

/** Names the project already uses, by kind (names ignore case). */
function nameTaken(db: Database.Database, pipelineFiles: readonly CheckedPipelineFile[]) {
  const pipelines = new Set(
    pipelineFiles.flatMap((file) => [
      file.file.replace(/\.ya?ml$/i, '').toLowerCase(),
      ...(file.valid ? [file.parsed.pipeline.name.toLowerCase()] : []),
    ]),
  );
  return (kind: ImportItem['kind'], name: string): boolean => {
    if (kind === 'pipeline') return pipelines.has(name.toLowerCase());
    if (kind === 'model')
      return db.prepare('SELECT 1 FROM triad_models WHERE name = ? COLLATE NOCASE').get(name) !== undefined;
    if (kind === 'table' || kind === 'training set' || kind === 'code') return true;
    return db.prepare(`SELECT 1 FROM ${TABLE_BY_KIND[kind]} WHERE name = ? COLLATE NOCASE`).get(name) !== undefined;
  };
}

function renamesOf(decisions: readonly ImportDecision[]): Renames {
  const of = (kind: ImportItem['kind']) =>
    new Map(
      decisions
        .filter((decision) => decision.action === 'rename' && decision.item.kind === kind)
        .map((decision) => [decision.item.name, decision.name]),
    );
  return {
    pipeline: of('pipeline').values().next().value ?? null,
    entities: of('entity'),
    services: of('feature service'),
    checks: of('quality check'),
    models: of('model'),
  };
}

/** The project's definitions with the bundle's taken in as decided: new and renamed added, overwritten replaced. */
function mergedDefinitions(
  db: Database.Database,
  bundled: FeatureDefinitions,
  decisions: readonly ImportDecision[],
): FeatureDefinitions | null {
  const merged = storedParsedDefinitions(db).definitions;
  let changed = false;
  for (const kind of Object.keys(SECTION_BY_KIND) as DefinitionObjectKind[]) {
    const section = SECTION_BY_KIND[kind];
    for (const decision of decisions.filter((item) => item.item.kind === kind)) {
      if (decision.action === 'skip' || decision.action === 'identical') continue;
      const definition = (bundled[section] as { name: string }[]).find((item) => item.name === decision.name);
      if (!definition) continue;
      const items = merged[section] as { name: string }[];
      const index = items.findIndex((item) => item.name.toLowerCase() === decision.name.toLowerCase());
      if (index === -1) items.push(definition);
      else items[index] = definition;
      changed = true;
    }
  }
  return changed ? merged : null;
}

function entryFile(bundle: VerifiedBundle, path: string, staging: string): string {
  const extracted = bundle.extracted.get(path);
  if (extracted) return extracted;
  const bytes = bundle.small.get(path);
  if (!bytes) throw new TriadError('invalid_input', `${bundle.file} does not hold ${path}`);
  const file = join(staging, 'small', path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

function entryBytes(bundle: VerifiedBundle, path: string): Buffer {
  const small = bundle.small.get(path);
  if (small) return small;
  const extracted = bundle.extracted.get(path);
  if (!extracted) throw new TriadError('invalid_input', `${bundle.file} does not hold ${path}`);
  return readFileSync(extracted);
}

interface BundledModel {
  description: string;
  versions: { version: number; description: string; tags: Record<string, string>; signature: ModelSignature }[];
  aliases: Record<string, number>;
}

/** Registers the bundle's versions of each model taken in, and points its aliases at them; returns NAME:VERSION added. */
function importModels(
  db: Database.Database,
  projectDir: string,
  bundle: VerifiedBundle,
  decisions: readonly ImportDecision[],
  renames: Renames,
): string[] {
  const added: string[] = [];
  for (const decision of decisions) {
    if (decision.item.kind !== 'model' || !['new', 'overwrite', 'rename'].includes(decision.action)) continue;
    const source = decision.item.name;
    const model = JSON.parse(entryBytes(bundle, modelEntry(source)).toString('utf8')) as BundledModel;
    const existing = new Map(
      (
        db.prepare('SELECT content_hash, version FROM triad_model_versions WHERE model = ?').all(decision.name) as {
          content_hash: string;
          version: number;
        }[]
      ).map((row) => [row.content_hash, row.version]),
    );
    const numbers = new Map<number, number>();
    for (const bundled of bundle.manifest.contents.models.filter((item) => item.name === source)) {
      const known = existing.get(bundled.contentHash);
      if (known !== undefined) {
        numbers.set(bundled.version, known);
        continue;
      }
      const meta = model.versions.find((version) => version.version === bundled.version);
      const registered = registerModelVersion(db, projectDir, {
        name: decision.name,
        bytes: entryBytes(bundle, modelFileEntry(source, bundled.version)),
        signature: meta?.signature as ModelSignature,
        card: renamedCard(
          JSON.parse(entryBytes(bundle, modelCardEntry(source, bundled.version)).toString('utf8')) as ModelCard,
          renames,
        ),
        runId: null,
        tags: { ...(meta?.tags ?? {}), imported_from: `${source}:${bundled.version}` },
        description: meta?.description ?? '',
      });
      numbers.set(bundled.version, registered.version);
      added.push(`${decision.name}:${registered.version}`);
    }
    if (model.description)
      db.prepare("UPDATE triad_models SET description = ? WHERE name = ? AND description = ''").run(
        model.description,
        decision.name,
      );
    for (const [alias, version] of Object.entries(model.aliases)) {
      const target = numbers.get(version);
      if (target !== undefined) setModelAlias(db, decision.name, alias, target);
    }
  }
  return added;
}

function stopIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new TriadError('cancelled', 'the import was cancelled; nothing was imported');
}

/**
 * The file in pipelines/ that holds the bundle's pipeline after the import: a new or renamed one's
 * own file, else the project's file of that pipeline (overwritten, identical or kept).
 */
function pipelineTarget(
  pipelineFiles: readonly CheckedPipelineFile[],
  definitions: BundleDefinitions,
  decision: ImportDecision,
): string {
  if (decision.action === 'rename') return `${decision.name}.yaml`;
  const own = `${definitions.pipeline.name}.yaml`;
  if (decision.action === 'new') return own;
  const existing = pipelineFiles.find(
    (file) => file.valid && file.parsed.pipeline.name.toLowerCase() === decision.item.name.toLowerCase(),
  );
  return existing?.file ?? own;
}

/**
 * Takes a bundle into a project, all or nothing. The bundle is read and checked whole first (a
 * refused bundle writes nothing anywhere), then what it would change is decided (an unresolved
 * conflict refuses it), its tables are built under staging names, and one short transaction puts
 * everything in place: tables, feature definitions (checked against the project as they would be),
 * model versions and aliases, and the pipeline's and scripts' files, recorded with the transaction
 * and written right after it (or at the next open, if the process stops in between).
 */
export async function importBundle(project: Project, file: string, options: ImportOptions): Promise<ImportResult> {
  const { db, path: projectDir } = project;
  const onProgress = options.onProgress ?? (() => {});
  const importId = options.owner ?? randomUUID();
  // The owner's folder: if this thread is stopped, the job system removes it with the staged tables.
  const staging = ownerFolderOf(importId);
  removeDeadOwnerFolders();
  mkdirSync(staging, { mode: 0o700 });
  try {
    onProgress({ phase: 'verifying', done: 0, total: 1 });
    const bundle = await readBundle(file, { extractTo: join(staging, 'entries'), limits: options.limits });
    options.admit?.(bundle);
    const definitions = bundleDefinitions(bundle);
    // The project's pipeline files, read once: what the decisions and the pipeline's file are found from.
    const pipelineFiles = checkedPipelineFiles(projectDir);
    const decisions = decideImport(
      importItems(db, projectDir, bundle, definitions, pipelineFiles),
      options.resolutions ?? {},
      options.otherwise ?? null,
      nameTaken(db, pipelineFiles),
    );
    const renames = renamesOf(decisions);
    const features = renamedDefinitions(definitions.features, renames);
    const pipelineDecision = decisions.find((decision) => decision.item.kind === 'pipeline') as ImportDecision;
    const pipelineFile = pipelineTarget(pipelineFiles, definitions, pipelineDecision);
    const staged = await stageTables(
      db,
      projectDir,
      tablesToImport(bundle, decisions),
      importId,
      (entry) => entryFile(bundle, entry, staging),
      (done, total) => {
        stopIfCancelled(options.signal);
        onProgress({ phase: 'staging tables', done, total });
      },
    );
    stopIfCancelled(options.signal);
    onProgress({ phase: 'committing', done: 0, total: 1 });
    let retired: string[] = [];
    let models: string[] = [];
    db.transaction(() => {
      const now = new Date().toISOString();
      dropFeatureViews(db);
      retired = swapInTables(db, staged, now);
      const merged = mergedDefinitions(db, features, decisions);
      if (merged) applyDefinitions(db, { definitions: merged, lines: new Map() }, 'the bundle', false, []);
      else rebuildFeatureViews(db, 'the bundle');
      models = importModels(db, projectDir, bundle, decisions, renames);
      if (
        pipelineDecision.action === 'new' ||
        pipelineDecision.action === 'overwrite' ||
        pipelineDecision.action === 'rename'
      )
        recordPendingFile(
          db,
          importId,
          `${PIPELINES_FOLDER}/${pipelineFile}`,
          new TextEncoder().encode(renamedPipelineText(definitions.pipelineText, renames)),
        );
      for (const decision of decisions)
        if (decision.item.kind === 'code' && (decision.action === 'new' || decision.action === 'overwrite'))
          recordPendingFile(db, importId, decision.name, entryBytes(bundle, codeEntry(decision.name)));
    }).immediate();
    writePendingFiles(db, projectDir);
    for (const table of retired) db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(table)}`);
    onProgress({ phase: 'committing', done: 1, total: 1 });
    return {
      pipeline: pipelineDecision.name,
      file: pipelineFile,
      decisions: decisions.map((decision) => ({
        kind: decision.item.kind,
        name: decision.item.name,
        action: decision.action,
        as: decision.name,
      })),
      models,
    };
  } catch (error) {
    discardStaged(db, importId, 'the bundle import stopped');
    if (error instanceof DefinitionsError)
      throw new TriadError(
        'invalid_input',
        `the bundle's definitions do not fit this project, so nothing was imported:\n${error.message}`,
      );
    throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

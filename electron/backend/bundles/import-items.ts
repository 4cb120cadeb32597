import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { BundleManifest } from '../../../shared/contract/bundle-manifest.js';
import type { ImportItem } from '../../../shared/contract/bundles.js';
import type { FeatureDefinitions } from '../../../shared/contract/feature-definitions.js';
import type { PipelineDefinition } from '../../../shared/contract/pipeline-definition.js';
import type { DefinitionObjectKind } from '../../../shared/contract/schemas.js';
import { SECTION_BY_KIND, TABLE_BY_KIND } from '../features/apply-definitions.js';
import { DefinitionsError, parseDefinitions } from '../features/parse-definitions.js';
import { parsePipeline } from '../pipelines/parse-pipeline.js';
import { type CheckedPipelineFile, checkedPipelineFiles } from '../pipelines/project-pipelines.js';
import { codeEntry, DEFINITIONS_ENTRY, pipelineEntry, tableEntry } from './bundle-layout.js';
import { assertBundleNames } from './bundle-names.js';
import { BundleRefusedError, type VerifiedBundle } from './bundle-reader.js';
import { tableSnapshot } from './table-snapshot.js';

/** The bundle's pipeline and feature definitions, read and checked. */
export interface BundleDefinitions {
  pipelineText: string;
  pipeline: PipelineDefinition;
  features: FeatureDefinitions;
}

const RENAME_REFUSALS: Partial<Record<ImportItem['kind'], string>> = {
  'feature view': 'feature views and SQL read a feature view by its name',
  table: 'feature views and SQL read a table by its name',
  'training set': "the pipeline's training_set step names its table",
  code: 'a command step names its files by their paths',
};

function entryText(bundle: VerifiedBundle, path: string): string {
  const bytes = bundle.small.get(path);
  if (!bytes) throw new BundleRefusedError(bundle.file, `${path} is missing or too large to be read`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BundleRefusedError(bundle.file, `${path} is not UTF-8 text`);
  }
}

/** Reads the bundle's pipeline and feature definitions; refuses the bundle when either has problems. */
export function bundleDefinitions(bundle: VerifiedBundle): BundleDefinitions {
  const { name } = bundle.manifest.contents.pipeline;
  const path = pipelineEntry(name);
  const pipelineText = entryText(bundle, path);
  try {
    const { pipeline } = parsePipeline(pipelineText, path);
    if (pipeline.name !== name)
      throw new BundleRefusedError(
        bundle.file,
        `${path} defines pipeline ${pipeline.name}, and its manifest says ${name}`,
      );
    assertBundleNames(bundle.file, bundle.manifest, pipeline);
    const features = bundle.small.has(DEFINITIONS_ENTRY)
      ? parseDefinitions(entryText(bundle, DEFINITIONS_ENTRY), DEFINITIONS_ENTRY).definitions
      : { entities: [], feature_views: [], feature_services: [], quality_checks: [] };
    return { pipelineText, pipeline, features };
  } catch (error) {
    if (error instanceof DefinitionsError)
      throw new BundleRefusedError(bundle.file, `its definitions have problems: ${error.message}`);
    throw error;
  }
}

function item(kind: ImportItem['kind'], name: string, status: ImportItem['status'], detail: string): ImportItem {
  return { kind, name, status, renameRefusal: status === 'conflict' ? (RENAME_REFUSALS[kind] ?? null) : null, detail };
}

function pipelineItem(files: readonly CheckedPipelineFile[], definitions: BundleDefinitions): ImportItem {
  const { name } = definitions.pipeline;
  const same = files.filter(
    (file) =>
      (file.valid && file.parsed.pipeline.name.toLowerCase() === name.toLowerCase()) || file.file === `${name}.yaml`,
  );
  if (same.length === 0) return item('pipeline', name, 'new', `pipelines/${name}.yaml`);
  if (same.every((file) => file.text === definitions.pipelineText))
    return item('pipeline', name, 'identical', `the same as pipelines/${same[0]?.file}`);
  return item(
    'pipeline',
    name,
    'conflict',
    `differs from pipelines/${same.map((file) => file.file).join(' and pipelines/')}`,
  );
}

function definitionItems(db: Database.Database, definitions: BundleDefinitions): ImportItem[] {
  return (Object.keys(TABLE_BY_KIND) as DefinitionObjectKind[]).flatMap((kind) => {
    const stored = new Map(
      (
        db.prepare(`SELECT name, definition FROM ${TABLE_BY_KIND[kind]}`).all() as {
          name: string;
          definition: string;
        }[]
      ).map((row) => [row.name.toLowerCase(), row]),
    );
    return (definitions.features[SECTION_BY_KIND[kind]] as { name: string }[]).map((definition) => {
      const existing = stored.get(definition.name.toLowerCase());
      if (!existing) return item(kind, definition.name, 'new', '');
      return existing.definition === JSON.stringify(definition)
        ? item(kind, definition.name, 'identical', '')
        : item(kind, definition.name, 'conflict', `the project's ${kind} ${existing.name} is defined differently`);
    });
  });
}

function codeItems(projectDir: string, bundle: VerifiedBundle): ImportItem[] {
  return bundle.manifest.contents.code.map((path) => {
    const target = join(projectDir, path);
    if (!existsSync(target)) return item('code', path, 'new', '');
    const bundled = bundle.small.get(codeEntry(path));
    return bundled && readFileSync(target).equals(bundled)
      ? item('code', path, 'identical', '')
      : item('code', path, 'conflict', 'the project has another file at this path');
  });
}

function modelItems(db: Database.Database, manifest: BundleManifest): ImportItem[] {
  const byModel = new Map<string, BundleManifest['contents']['models']>();
  for (const model of manifest.contents.models) byModel.set(model.name, [...(byModel.get(model.name) ?? []), model]);
  return [...byModel].map(([name, versions]) => {
    const existing = db.prepare('SELECT name FROM triad_models WHERE name = ?').pluck().get(name) as string | undefined;
    const count = `${versions.length} version${versions.length === 1 ? '' : 's'}`;
    if (!existing) return item('model', name, 'new', count);
    const hashes = new Set(
      db.prepare('SELECT content_hash FROM triad_model_versions WHERE model = ?').pluck().all(name) as string[],
    );
    const missing = versions.filter((version) => !hashes.has(version.contentHash));
    return missing.length === 0
      ? item('model', name, 'identical', `${count}, all already registered`)
      : item('model', name, 'conflict', `${count}; ${missing.length} not registered in the project's ${name}`);
  });
}

function tableItems(db: Database.Database, bundle: VerifiedBundle): ImportItem[] {
  const declared = new Map(bundle.manifest.entries.map((entry) => [entry.path, entry.sha256]));
  return bundle.manifest.contents.tables.map((table) => {
    const existing = db
      .prepare('SELECT name, row_count FROM triad_tables WHERE name = ? COLLATE NOCASE')
      .get(table.name) as { name: string; row_count: number } | undefined;
    const rows = `${table.rows} rows`;
    if (!existing) return item('table', table.name, 'new', rows);
    const same =
      existing.row_count === table.rows &&
      createHash('sha256').update(tableSnapshot(db, existing.name).parquet).digest('hex') ===
        declared.get(tableEntry(table.name));
    return same
      ? item('table', table.name, 'identical', rows)
      : item(
          'table',
          table.name,
          'conflict',
          `${rows}; the project's ${existing.name} has ${existing.row_count} rows and other content`,
        );
  });
}

function trainingSetItems(db: Database.Database, bundle: VerifiedBundle): ImportItem[] {
  return bundle.manifest.contents.trainingSets.map((set) => {
    const rows = `${set.rows} rows`;
    const kept = db
      .prepare('SELECT 1 FROM triad_training_sets WHERE table_name = ? AND content_hash = ?')
      .get(set.table, set.contentHash);
    const table = db.prepare('SELECT name FROM triad_tables WHERE name = ? COLLATE NOCASE').pluck().get(set.table);
    if (kept && table) return item('training set', set.table, 'identical', rows);
    return table
      ? item('training set', set.table, 'conflict', `${rows}; the project's table ${table} holds other rows`)
      : item('training set', set.table, 'new', rows);
  });
}

/** Every item of a bundle and how it meets the open project: new, identical, or in conflict by name. */
export function importItems(
  db: Database.Database,
  projectDir: string,
  bundle: VerifiedBundle,
  definitions: BundleDefinitions,
  pipelineFiles: readonly CheckedPipelineFile[] = checkedPipelineFiles(projectDir),
): ImportItem[] {
  return [
    pipelineItem(pipelineFiles, definitions),
    ...definitionItems(db, definitions),
    ...codeItems(projectDir, bundle),
    ...modelItems(db, bundle.manifest),
    ...tableItems(db, bundle),
    ...trainingSetItems(db, bundle),
  ];
}

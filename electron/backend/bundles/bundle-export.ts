import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { stringify } from 'yaml';
import {
  BUNDLE_FORMAT_VERSION,
  type BundleContents,
  type BundleEntry,
  type BundleManifest,
} from '../../../shared/contract/bundle-manifest.js';
import type { PipelineRun } from '../../../shared/contract/pipeline-runs.js';
import { APP_VERSION } from '../app-version.js';
import { fileSha256 } from '../db/artifacts.js';
import { modelVersions } from '../models/model-registry.js';
import { parsePipeline } from '../pipelines/parse-pipeline.js';
import { findProjectPipeline, PIPELINES_FOLDER } from '../pipelines/project-pipelines.js';
import { PipelineRunStore } from '../pipelines/run-store.js';
import { type ArchiveEntry, writeArchive } from './bundle-archive-writer.js';
import {
  bundleContentHash,
  codeEntry,
  DEFINITIONS_ENTRY,
  inBundleOrder,
  MANIFEST_ENTRY,
  modelCardEntry,
  modelEntry,
  modelFileEntry,
  pipelineEntry,
  README_ENTRY,
  runEntry,
  SIGNATURE_ENTRY,
  tableEntry,
  trainingSetEntry,
} from './bundle-layout.js';
import { bundleReadme } from './bundle-readme.js';
import { pipelineDependencies } from './pipeline-dependencies.js';
import { tableSnapshot } from './table-snapshot.js';

export interface ExportChoices {
  pipeline: string;
  withModels: boolean;
  withData: boolean;
  author: string;
}

/** An export as a job runs it: the choices, where to write, and whether to sign with the user's key (kept in `appDataDir`). */
export interface BundleExportRequest extends ExportChoices {
  path: string;
  sign: boolean;
  appDataDir: string;
}

/** An entry with its hash and size, and where its bytes come from. */
type PlannedEntry = BundleEntry & { compress: boolean } & ({ content: Uint8Array } | { file: string });

export interface BundlePlan {
  manifest: BundleManifest;
  entries: PlannedEntry[];
  /** The entries' bytes together, uncompressed (what the size shown before export adds up). */
  totalBytes: number;
  /** Files the pipeline names outside the project folder, which the bundle cannot carry. */
  leftOut: string[];
}

/** Runs summarised in a bundle, newest first. */
const MAX_RUNS = 50;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
const text = (value: string) => new TextEncoder().encode(value);

function inMemory(path: string, content: Uint8Array, compress = true): PlannedEntry {
  return { path, sha256: sha256(content), bytes: content.length, compress, content };
}

async function fromFile(path: string, file: string): Promise<PlannedEntry> {
  return { path, sha256: await fileSha256(file), bytes: statSync(file).size, compress: false, file };
}

function definitionsYaml(db: Database.Database, names: ReturnType<typeof pipelineDependencies>): string {
  const section = (table: string, wanted: readonly string[]) =>
    wanted.map(
      (name) =>
        JSON.parse(db.prepare(`SELECT definition FROM ${table} WHERE name = ?`).pluck().get(name) as string) as unknown,
    );
  return stringify(
    {
      entities: section('triad_entities', names.entities),
      feature_views: section('triad_feature_views', names.featureViews),
      feature_services: section('triad_feature_services', names.featureServices),
      quality_checks: section('triad_quality_checks', names.qualityChecks),
    },
    { lineWidth: 100 },
  );
}

function definitionTimes(db: Database.Database, names: ReturnType<typeof pipelineDependencies>): string[] {
  const times = (table: string, wanted: readonly string[]) =>
    wanted.map((name) => db.prepare(`SELECT updated_at FROM ${table} WHERE name = ?`).pluck().get(name) as string);
  return [
    ...times('triad_entities', names.entities),
    ...times('triad_feature_views', names.featureViews),
    ...times('triad_feature_services', names.featureServices),
    ...times('triad_quality_checks', names.qualityChecks),
  ];
}

/** A run as a bundle keeps it: everything but its definition's text (the bundle's pipeline entry) and job ids. */
function runSummary(run: PipelineRun): unknown {
  const { definition: _definition, ...rest } = run;
  return { ...rest, steps: run.steps.map(({ jobId: _jobId, ...step }) => step) };
}

function runMetrics(run: PipelineRun): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const step of run.steps)
    for (const [name, value] of Object.entries(step.metrics)) if (typeof value === 'number') metrics[name] = value;
  return metrics;
}

async function modelEntries(db: Database.Database, projectDir: string, runs: readonly PipelineRun[]) {
  const registered = new Map<string, Set<number>>();
  for (const run of runs)
    for (const reference of run.registered) {
      const match = /^(.+):(\d+)$/.exec(reference);
      if (!match) continue;
      const [, name, version] = match as unknown as [string, string, string];
      registered.set(name, (registered.get(name) ?? new Set()).add(Number(version)));
    }
  const entries: PlannedEntry[] = [];
  const models: BundleContents['models'] = [];
  const times: string[] = [];
  for (const [name, numbers] of [...registered].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const exists = db.prepare('SELECT description FROM triad_models WHERE name = ?').get(name) as
      | { description: string }
      | undefined;
    if (!exists) continue;
    const versions = modelVersions(db, name)
      .filter((version) => numbers.has(version.version))
      .sort((a, b) => a.version - b.version);
    if (versions.length === 0) continue;
    for (const version of versions) {
      entries.push(await fromFile(modelFileEntry(name, version.version), join(projectDir, version.artifact)));
      entries.push(inMemory(modelCardEntry(name, version.version), json(version.card)));
      models.push({ name, version: version.version, contentHash: version.contentHash, aliases: version.aliases });
      times.push(version.createdAt);
    }
    entries.push(
      inMemory(
        modelEntry(name),
        json({
          name,
          description: exists.description,
          versions: versions.map((version) => ({
            version: version.version,
            description: version.description,
            tags: version.tags,
            signature: version.signature,
            createdAt: version.createdAt,
          })),
          aliases: Object.fromEntries(
            versions.flatMap((version) => version.aliases.map((alias) => [alias, version.version])),
          ),
        }),
      ),
    );
  }
  return { entries, models, times };
}

function dataEntries(
  db: Database.Database,
  projectDir: string,
  tables: readonly string[],
  runs: readonly PipelineRun[],
) {
  const entries: PlannedEntry[] = [];
  const contents: Pick<BundleContents, 'tables' | 'trainingSets'> = { tables: [], trainingSets: [] };
  const times: string[] = [];
  for (const table of tables) {
    const snapshot = tableSnapshot(db, table);
    entries.push(inMemory(tableEntry(table), snapshot.parquet, false));
    const record = db.prepare('SELECT made_by_sql, updated_at FROM triad_tables WHERE name = ?').get(table) as {
      made_by_sql: string | null;
      updated_at: string;
    };
    contents.tables.push({
      name: table,
      rows: snapshot.rows,
      columns: snapshot.columns,
      madeBySql: record.made_by_sql,
    });
    times.push(record.updated_at);
  }
  const newest = runs.find((run) => run.state === 'succeeded');
  const seen = new Set<string>();
  for (const step of newest?.steps ?? []) {
    const snapshot = step.snapshot;
    if (!snapshot || seen.has(snapshot.table)) continue;
    const artifact = step.artifacts.find((item) => item.sha256 === snapshot.contentHash);
    if (!artifact) continue;
    seen.add(snapshot.table);
    entries.push({
      path: trainingSetEntry(snapshot.table),
      sha256: artifact.sha256,
      bytes: artifact.bytes,
      compress: false,
      file: join(projectDir, artifact.path),
    });
    contents.trainingSets.push({ table: snapshot.table, rows: snapshot.rows, contentHash: snapshot.contentHash });
  }
  return { entries, contents, times };
}

const newestOf = (times: readonly (string | null | undefined)[]) =>
  times
    .filter((time): time is string => typeof time === 'string')
    .reduce<string | null>((a, b) => (a === null || b > a ? b : a), null);

/**
 * Everything a bundle of the pipeline holds, with each entry's hash and size, and its manifest:
 * what the export dialog shows before anything is written, and what `writeBundle` writes.
 */
export async function planBundle(
  db: Database.Database,
  projectDir: string,
  choices: ExportChoices,
): Promise<BundlePlan> {
  const { file, text: yamlText } = findProjectPipeline(projectDir, choices.pipeline);
  const { pipeline } = parsePipeline(yamlText, file);
  const dependencies = pipelineDependencies(db, projectDir, pipeline);
  const runs = new PipelineRunStore(db).list(pipeline.name, MAX_RUNS);
  const entries: PlannedEntry[] = [inMemory(pipelineEntry(pipeline.name), text(yamlText))];
  const definitionCount =
    dependencies.entities.length +
    dependencies.featureViews.length +
    dependencies.featureServices.length +
    dependencies.qualityChecks.length;
  if (definitionCount > 0) entries.push(inMemory(DEFINITIONS_ENTRY, text(definitionsYaml(db, dependencies))));
  const code = dependencies.code.filter((path) => {
    const isIngestFile = pipeline.steps.some((step) => step.kind === 'ingest' && step.with?.file === path);
    return choices.withData || !isIngestFile;
  });
  for (const path of code) entries.push(await fromFile(codeEntry(path), join(projectDir, path)));
  for (const run of runs) entries.push(inMemory(runEntry(run.id), json(runSummary(run))));
  const models = choices.withModels ? await modelEntries(db, projectDir, runs) : { entries: [], models: [], times: [] };
  entries.push(...models.entries);
  const data = choices.withData
    ? dataEntries(db, projectDir, dependencies.tables, runs)
    : { entries: [], contents: { tables: [], trainingSets: [] }, times: [] };
  entries.push(...data.entries);
  const contents: BundleContents = {
    pipeline: { name: pipeline.name, file, description: pipeline.description ?? '' },
    features: {
      entities: dependencies.entities,
      featureViews: dependencies.featureViews,
      featureServices: dependencies.featureServices,
      qualityChecks: dependencies.qualityChecks,
    },
    code,
    runs: runs.map((run) => ({
      id: run.id,
      params: run.params,
      state: run.state,
      finishedAt: run.finishedAt,
      metrics: runMetrics(run),
    })),
    models: models.models,
    ...data.contents,
  };
  const createdAt =
    newestOf([
      ...runs.flatMap((run) => [run.startedAt, run.finishedAt]),
      ...definitionTimes(db, dependencies),
      ...models.times,
      ...data.times,
    ]) ?? statSync(join(projectDir, PIPELINES_FOLDER, file)).mtime.toISOString();
  const readme = inMemory(
    README_ENTRY,
    text(bundleReadme(pipeline, contents, { author: choices.author, createdAt, appVersion: APP_VERSION })),
  );
  const ordered = inBundleOrder([readme, ...entries]);
  const listed = ordered.map(({ path, sha256: hash, bytes }) => ({ path, sha256: hash, bytes }));
  return {
    manifest: {
      format: 'triad-bundle',
      formatVersion: BUNDLE_FORMAT_VERSION,
      appVersion: APP_VERSION,
      author: choices.author,
      createdAt,
      contentHash: bundleContentHash(listed),
      contents,
      entries: listed,
    },
    entries: ordered,
    totalBytes: ordered.reduce((sum, entry) => sum + entry.bytes, 0),
    leftOut: dependencies.outside,
  };
}

/**
 * Writes a planned bundle: manifest.json first, then signature.json when `sign` gives one (the
 * signature of the manifest's exact bytes), then the entries in the plan's order.
 */
export async function writeBundle(
  plan: BundlePlan,
  out: string,
  options: {
    sign?: (manifestBytes: Uint8Array) => Uint8Array;
    onProgress?: (written: number, total: number) => void;
    signal?: AbortSignal;
  } = {},
): Promise<{ bytes: number; contentHash: string }> {
  const manifestBytes = json(plan.manifest);
  const archive: ArchiveEntry[] = [{ path: MANIFEST_ENTRY, bytes: manifestBytes, compress: true }];
  if (options.sign) archive.push({ path: SIGNATURE_ENTRY, bytes: options.sign(manifestBytes), compress: true });
  for (const entry of plan.entries)
    archive.push(
      'content' in entry
        ? { path: entry.path, bytes: entry.content, compress: entry.compress }
        : { path: entry.path, file: entry.file, compress: entry.compress },
    );
  const bytes = await writeArchive(
    out,
    archive,
    (written) => options.onProgress?.(written, plan.totalBytes),
    options.signal,
  );
  return { bytes, contentHash: plan.manifest.contentHash };
}

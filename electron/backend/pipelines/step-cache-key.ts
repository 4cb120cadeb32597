import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { PipelineStep } from '../../../shared/contract/pipeline-definition.js';
import type { StepOutput, StepOutputs } from '../../../shared/contract/pipeline-runs.js';
import { fileSha256 } from '../db/artifacts.js';
import { mentionedIdentifiers } from '../features/view-dependencies.js';
import { commandFiles } from './command-arguments.js';

/** Bumped when what a cache key covers changes, so older keys never match. */
const CACHE_KEY_VERSION = 1;

interface TableRow {
  name: string;
  row_count: number;
  updated_at: string;
}

function tables(db: Database.Database): Map<string, TableRow> {
  const rows = db.prepare('SELECT name, row_count, updated_at FROM triad_tables').all() as TableRow[];
  return new Map(rows.map((row) => [row.name.toLowerCase(), row]));
}

/** Settings that name what a step writes, not what it reads. */
const OUTPUT_SETTINGS: Partial<Record<PipelineStep['kind'], string[]>> = {
  ingest: ['table'],
  sql: ['table'],
  training_set: ['table'],
  predict: ['into'],
};

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/**
 * What a step read, as fingerprints: each project table its settings or SQL name (rows and the
 * time it last changed), the feature definitions and their sources for steps that use them, the
 * content of a file it imports, the version a registry reference points at now.
 */
async function inputFingerprints(
  db: Database.Database,
  projectDir: string,
  kind: PipelineStep['kind'],
  settings: Record<string, unknown>,
): Promise<Record<string, string>> {
  const catalog = tables(db);
  const written = OUTPUT_SETTINGS[kind] ?? [];
  const read = Object.entries(settings).filter(([name]) => !written.includes(name));
  const named = new Set(strings(read.map(([, value]) => value)).map((text) => text.toLowerCase()));
  const addSqlSources = (sql: string) => {
    for (const identifier of mentionedIdentifiers(sql)) named.add(identifier.toLowerCase());
  };
  if (kind === 'sql' && typeof settings.sql === 'string') addSqlSources(settings.sql);
  const inputs: Record<string, string> = {};
  if (kind === 'training_set' || kind === 'materialize') {
    const views = db.prepare('SELECT name, definition, updated_at FROM triad_feature_views ORDER BY name').all() as {
      name: string;
      definition: string;
      updated_at: string;
    }[];
    const services = db.prepare('SELECT name, definition FROM triad_feature_services ORDER BY name').all();
    inputs.definitions = createHash('sha256').update(JSON.stringify({ views, services })).digest('hex');
    for (const view of views) addSqlSources((JSON.parse(view.definition) as { source?: string }).source ?? '');
  }
  for (const name of [...named].sort()) {
    const table = catalog.get(name);
    if (table) inputs[`table:${table.name}`] = `${table.row_count}@${table.updated_at}`;
  }
  if (kind === 'ingest' && typeof settings.file === 'string') {
    const file = isAbsolute(settings.file) ? settings.file : resolve(projectDir, settings.file);
    inputs.file = existsSync(file) ? await fileSha256(file) : 'missing';
  }
  if (kind === 'command' && Array.isArray(settings.run))
    for (const file of commandFiles(projectDir, settings.run as string[]))
      inputs[`code:${file}`] = await fileSha256(file);
  if (typeof settings.model === 'string' && !settings.model.startsWith('run:')) {
    const version = db
      .prepare(
        `SELECT v.content_hash FROM triad_model_versions v
         LEFT JOIN triad_model_aliases a ON a.model = v.model AND a.version = v.version
         WHERE v.model || ':' || v.version = ? OR a.model || '@' || a.alias = ?`,
      )
      .get(settings.model, settings.model) as { content_hash: string } | undefined;
    if (version) inputs.model = version.content_hash;
  }
  return inputs;
}

/**
 * The key under which a step's outputs can be reused: its pipeline and name (which name its
 * output tables), its kind, its settings with references resolved (a train step's model is the
 * run that made it), and the fingerprints of what it read.
 */
export async function stepCacheKey(
  db: Database.Database,
  projectDir: string,
  pipeline: string,
  step: string,
  kind: PipelineStep['kind'],
  settings: Record<string, unknown>,
): Promise<string> {
  const inputs = await inputFingerprints(db, projectDir, kind, settings);
  return createHash('sha256')
    .update(JSON.stringify({ version: CACHE_KEY_VERSION, pipeline, step, kind, settings, inputs }))
    .digest('hex');
}

/** Whether a model output is still there: a training run, a registered version, or an ONNX file. */
function modelStillThere(db: Database.Database, model: string): boolean {
  const run = /^run:(.+)$/.exec(model);
  if (run) return db.prepare('SELECT 1 FROM triad_runs WHERE id = ?').get(run[1]) !== undefined;
  const version = /^(.+):(\d+)$/.exec(model);
  if (version && !isAbsolute(model))
    return (
      db
        .prepare('SELECT 1 FROM triad_model_versions WHERE model = ? AND version = ?')
        .get(version[1], Number(version[2])) !== undefined
    );
  return existsSync(model);
}

function outputStillThere(
  db: Database.Database,
  catalog: Map<string, TableRow>,
  output: StepOutput,
  finishedAt: string,
): boolean {
  if (typeof output.value !== 'string') return true;
  switch (output.type) {
    case 'metrics':
      return true;
    case 'file':
      return existsSync(output.value);
    case 'model':
      return modelStillThere(db, output.value);
    case 'table': {
      const table = catalog.get(output.value.toLowerCase());
      return table !== undefined && table.updated_at <= finishedAt;
    }
  }
}

/**
 * Whether an earlier step's outputs are still there as it left them, by their types: its tables
 * unchanged since it finished, its training run, registered version and files not deleted.
 */
export function outputsStillThere(db: Database.Database, outputs: StepOutputs, finishedAt: string): boolean {
  const catalog = tables(db);
  return Object.values(outputs).every((output) => outputStillThere(db, catalog, output, finishedAt));
}

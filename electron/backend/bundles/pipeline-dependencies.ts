import { isAbsolute, relative, resolve, sep } from 'node:path';
import type Database from 'better-sqlite3';
import type { PipelineDefinition, PipelineStep } from '../../../shared/contract/pipeline-definition.js';
import { mentionedIdentifiers } from '../features/view-dependencies.js';
import { commandFiles } from '../pipelines/command-arguments.js';

/** What a pipeline needs from its project beyond its own file, found from its steps' settings. */
export interface PipelineDependencies {
  entities: string[];
  featureViews: string[];
  featureServices: string[];
  qualityChecks: string[];
  /** Project tables its steps and feature views read and no step of it writes. */
  tables: string[];
  /** Files of the project folder its command steps run and its ingest steps read (relative paths). */
  code: string[];
  /** Files outside the project folder it names, which a bundle cannot carry. */
  outside: string[];
}

interface Named {
  name: string;
  definition: Record<string, unknown>;
}

function stored(db: Database.Database, table: string): Map<string, Named> {
  const rows = db.prepare(`SELECT name, definition FROM ${table} ORDER BY name`).all() as {
    name: string;
    definition: string;
  }[];
  return new Map(
    rows.map((row) => [row.name.toLowerCase(), { name: row.name, definition: JSON.parse(row.definition) }]),
  );
}

const PARAM = /\$\{\s*params\.([A-Za-z_][A-Za-z0-9_]*)\s*\}/g;

/** A setting with `${params.X}` read as X's default, so the names it gives by default are found. */
function withDefaults(value: unknown, pipeline: PipelineDefinition): unknown {
  if (typeof value === 'string')
    return value.replace(PARAM, (whole, name: string) => {
      const fallback = pipeline.parameters?.[name]?.default;
      return fallback === undefined ? whole : String(fallback);
    });
  if (Array.isArray(value)) return value.map((item) => withDefaults(item, pipeline));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withDefaults(item, pipeline)]));
  return value;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Settings naming what a step writes. */
const WRITES: Partial<Record<PipelineStep['kind'], string>> = {
  ingest: 'table',
  sql: 'table',
  training_set: 'table',
  predict: 'into',
};

function projectFile(projectDir: string, path: string): string | null {
  const inside = relative(projectDir, resolve(projectDir, path));
  return inside.startsWith('..') || isAbsolute(inside) ? null : inside.split(sep).join('/');
}

/**
 * The feature definitions, tables and files a pipeline depends on: the services its training_set
 * steps read with their views (and the views those read), entities and quality checks; the views a
 * materialize step loads; the tables named by settings and SQL (its own and its views'), less those
 * it writes; its command steps' scripts and its ingest steps' files.
 */
export function pipelineDependencies(
  db: Database.Database,
  projectDir: string,
  pipeline: PipelineDefinition,
): PipelineDependencies {
  const services = stored(db, 'triad_feature_services');
  const views = stored(db, 'triad_feature_views');
  const entities = stored(db, 'triad_entities');
  const checks = stored(db, 'triad_quality_checks');
  const catalog = new Map(
    (db.prepare('SELECT name FROM triad_tables').pluck().all() as string[]).map((name) => [name.toLowerCase(), name]),
  );
  const wanted = { services: new Set<string>(), views: new Set<string>(), tables: new Set<string>() };
  const written = new Set<string>();
  const code = new Set<string>();
  const outside = new Set<string>();
  const addView = (name: string) => {
    const key = name.toLowerCase();
    const view = views.get(key);
    if (!view || wanted.views.has(key)) return;
    wanted.views.add(key);
    for (const identifier of mentionedIdentifiers(String(view.definition.source ?? ''))) {
      if (views.has(identifier)) addView(identifier);
      else if (catalog.has(identifier)) wanted.tables.add(identifier);
    }
  };
  for (const step of pipeline.steps) {
    const settings = withDefaults(step.with ?? {}, pipeline) as Record<string, unknown>;
    const writes = WRITES[step.kind];
    if (writes && typeof settings[writes] === 'string') written.add((settings[writes] as string).toLowerCase());
    if (step.kind === 'split') {
      written.add(`${pipeline.name}_${step.name}_train`.toLowerCase());
      written.add(`${pipeline.name}_${step.name}_test`.toLowerCase());
    }
    const read = Object.entries(settings).filter(([key]) => key !== writes);
    for (const text of strings(read.map(([, value]) => value))) {
      const key = text.toLowerCase();
      if (catalog.has(key)) wanted.tables.add(key);
    }
    if (step.kind === 'sql' && typeof settings.sql === 'string')
      for (const identifier of mentionedIdentifiers(settings.sql)) {
        if (views.has(identifier)) addView(identifier);
        else if (catalog.has(identifier)) wanted.tables.add(identifier);
      }
    if (step.kind === 'training_set' && typeof settings.service === 'string') {
      const service = services.get(settings.service.toLowerCase());
      if (service) {
        wanted.services.add(service.name.toLowerCase());
        for (const reference of (service.definition.features as string[]) ?? []) addView(reference.split(':')[0] ?? '');
      }
    }
    if (step.kind === 'materialize') {
      const named = strings(settings.views);
      for (const [key, view] of views)
        if (named.length === 0 ? view.definition.online === true : named.includes(view.name)) addView(key);
    }
    const files =
      step.kind === 'command' && Array.isArray(settings.run)
        ? commandFiles(projectDir, settings.run as string[])
        : step.kind === 'ingest' && typeof settings.file === 'string'
          ? [resolve(projectDir, settings.file)]
          : [];
    for (const file of files) {
      const inside = projectFile(projectDir, file);
      if (inside) code.add(inside);
      else outside.add(file);
    }
  }
  for (const name of written) wanted.tables.delete(name);
  const entityNames = new Set<string>();
  for (const key of wanted.views)
    for (const entity of (views.get(key)?.definition.entities as string[]) ?? []) entityNames.add(entity.toLowerCase());
  const targets = new Set([...wanted.views, ...wanted.tables]);
  const names = (map: Map<string, Named>, keys: Iterable<string>) =>
    [...keys].flatMap((key) => (map.has(key) ? [(map.get(key) as Named).name] : [])).sort();
  return {
    entities: names(entities, entityNames),
    featureViews: names(views, wanted.views),
    featureServices: names(services, wanted.services),
    qualityChecks: [...checks.values()]
      .filter((check) => targets.has(String(check.definition.target).toLowerCase()))
      .map((check) => check.name)
      .sort(),
    tables: names(new Map([...catalog].map(([key, name]) => [key, { name, definition: {} }])), wanted.tables),
    code: [...code].sort(),
    outside: [...outside].sort(),
  };
}

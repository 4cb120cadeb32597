import { basename } from 'node:path';
import type Database from 'better-sqlite3';
import type { LineageGraph, LineageNode } from '../../../shared/contract/schemas.js';
import { listTrainingSets } from '../features/training-set-records.js';
import { mentionedIdentifiers } from '../features/view-dependencies.js';
import { versionCards } from '../models/model-registry.js';
import { commandModelInputs } from '../pipelines/command-model-inputs.js';

const id = (kind: LineageNode['kind'], name: string) => `${kind}:${name.toLowerCase()}`;

/**
 * The project's lineage from what it records: imports (file → table), the SQL a table was made
 * from (table → table), feature view SQL (table or view → view), services (view → service) and training-set snapshots (entity table,
 * views and service → training set; the set's table hangs off it) and model versions (the
 * training set or table they were trained on → model; for a model a pipeline's command step made,
 * the tables that step was given → model).
 */
export function lineageGraph(db: Database.Database): LineageGraph {
  const nodes = new Map<string, LineageNode>();
  const edges = new Map<string, { from: string; to: string }>();
  const node = (kind: LineageNode['kind'], name: string, detail = '') => {
    const key = id(kind, name);
    if (!nodes.has(key)) nodes.set(key, { id: key, kind, label: name, detail });
    return key;
  };
  // Files are told apart by their whole path: two folders often hold a file of the same name.
  const fileNode = (path: string) => {
    const key = `file:${path}`;
    if (!nodes.has(key)) nodes.set(key, { id: key, kind: 'file', label: basename(path), detail: path });
    return key;
  };
  const edge = (from: string, to: string) => edges.set(`${from}→${to}`, { from, to });

  const tables = db.prepare('SELECT name, row_count, made_by_sql FROM triad_tables').all() as {
    name: string;
    row_count: number;
    made_by_sql: string | null;
  }[];
  for (const table of tables) node('table', table.name, `${table.row_count.toLocaleString('en-US')} rows`);
  for (const table of tables) {
    if (!table.made_by_sql) continue;
    for (const identifier of mentionedIdentifiers(table.made_by_sql)) {
      const upstream = nodes.get(id('table', identifier));
      if (upstream && upstream.id !== id('table', table.name)) edge(upstream.id, id('table', table.name));
    }
  }

  const imports = db
    .prepare(
      "SELECT file, table_name, max(finished_at) AS at FROM triad_imports WHERE status = 'succeeded' GROUP BY file, table_name",
    )
    .all() as { file: string; table_name: string; at: string }[];
  for (const entry of imports) {
    if (!nodes.has(id('table', entry.table_name))) continue;
    edge(fileNode(entry.file), id('table', entry.table_name));
  }

  const views = (
    db.prepare('SELECT name, definition FROM triad_feature_views').all() as { name: string; definition: string }[]
  ).map((row) => ({
    name: row.name,
    source: (JSON.parse(row.definition) as { source: string }).source,
  }));
  for (const view of views) node('feature view', view.name);
  for (const view of views) {
    for (const identifier of mentionedIdentifiers(view.source)) {
      const upstream = nodes.get(id('feature view', identifier)) ?? nodes.get(id('table', identifier));
      if (upstream && upstream.id !== id('feature view', view.name)) edge(upstream.id, id('feature view', view.name));
    }
  }

  const services = db.prepare('SELECT name, definition FROM triad_feature_services').all() as {
    name: string;
    definition: string;
  }[];
  for (const service of services) {
    const key = node('feature service', service.name);
    for (const reference of (JSON.parse(service.definition) as { features: string[] }).features) {
      const view = nodes.get(id('feature view', reference.split(':')[0] ?? ''));
      if (view) edge(view.id, key);
    }
  }

  const snapshots = listTrainingSets(db, Number.MAX_SAFE_INTEGER).reverse();
  for (const snapshot of snapshots) {
    const key = node(
      'training set',
      snapshot.table,
      `${snapshot.rows.toLocaleString('en-US')} rows, snapshot ${snapshot.contentHash.slice(0, 12)}`,
    );
    nodes.delete(id('table', snapshot.table));
    // What was drawn from or into the table (a query reading it) now starts or ends at the training set.
    for (const [at, entry] of [...edges.entries()]) {
      const from = entry.from === id('table', snapshot.table) ? key : entry.from;
      const to = entry.to === id('table', snapshot.table) ? key : entry.to;
      if (from !== entry.from || to !== entry.to) {
        edges.delete(at);
        edge(from, to);
      }
    }
    const entity = nodes.get(id('table', snapshot.entityTable));
    if (entity) edge(entity.id, key);
    const service = snapshot.service ? nodes.get(id('feature service', snapshot.service)) : undefined;
    if (service) edge(service.id, key);
    else
      for (const view of snapshot.featureViews)
        if (nodes.has(id('feature view', view))) edge(id('feature view', view), key);
  }
  for (const { name, version, card } of versionCards(db)) {
    const key = node('model', `${name}:${version}`, card.algorithm);
    const source = card.trainingTable
      ? (nodes.get(id('training set', card.trainingTable)) ?? nodes.get(id('table', card.trainingTable)))
      : undefined;
    if (source) edge(source.id, key);
  }
  // A model a pipeline's command step made: drawn from the tables the step was given.
  for (const { model, tables } of commandModelInputs(db)) {
    if (!nodes.has(id('model', model))) continue;
    for (const table of tables) {
      const source = nodes.get(id('training set', table)) ?? nodes.get(id('table', table));
      if (source) edge(source.id, id('model', model));
    }
  }
  const kept = [...edges.values()].filter((entry) => nodes.has(entry.from) && nodes.has(entry.to));
  return { nodes: [...nodes.values()], edges: kept };
}

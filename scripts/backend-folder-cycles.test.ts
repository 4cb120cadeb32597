import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const backend = join(import.meta.dirname, '..', 'electron', 'backend');

// Folder imports that still close a cycle between backend folders. Each entry is a debt to pay
// off by moving the code to the folder it belongs to; the list may only shrink.
const KNOWN_CYCLE_EDGES: string[] = [];

// The base layer: the project database and the helpers every domain builds on.
const BASE_FOLDER = 'db';
// Top-level backend modules that import nothing from the backend, so the base may use them.
const LEAF_MODULES = ['app-version.ts', 'host-messages.ts'];

/**
 * Each folder's layer, lowest first: a folder imports from its own layer or below, never above.
 * 0 base, 1 domains, 2 use cases, 3 jobs, 4 app orchestration (see docs/architecture.md).
 */
const LAYERS: Record<string, number> = {
  db: 0,
  threads: 0,
  ingest: 1,
  features: 1,
  quality: 1,
  query: 1,
  stats: 1,
  lineage: 1,
  settings: 1,
  contract: 1,
  listeners: 1,
  'model-server': 1,
  models: 1,
  pipelines: 1,
  drift: 1,
  parquet: 1,
  'use-cases': 2,
  bundles: 2,
  jobs: 3,
  app: 4,
  services: 4,
  handlers: 4,
  transports: 4,
  sample: 4,
  'test-support': 4,
};

type Graph = Map<string, Set<string>>;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

function topFolder(file: string): string | undefined {
  const parts = relative(backend, file).split(sep);
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined;
}

function relativeImports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/from '(\.\.?\/[^']+)'/g)].map((match) =>
    resolve(dirname(file), (match[1] ?? '').replace(/\.js$/, '.ts')),
  );
}

function folderGraph(): Graph {
  const graph: Graph = new Map();
  for (const file of sourceFiles(backend)) {
    const from = topFolder(file);
    if (from === undefined) continue;
    const targets = graph.get(from) ?? new Set<string>();
    graph.set(from, targets);
    for (const imported of relativeImports(file)) {
      const to = topFolder(imported);
      if (to !== undefined && to !== from) targets.add(to);
    }
  }
  return graph;
}

function reaches(graph: Graph, start: string, goal: string): boolean {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const folder = stack.pop() as string;
    if (folder === goal) return true;
    if (seen.has(folder)) continue;
    seen.add(folder);
    stack.push(...(graph.get(folder) ?? []));
  }
  return false;
}

function edges(graph: Graph): string[] {
  return [...graph].flatMap(([from, targets]) => [...targets].map((to) => `${from}->${to}`));
}

function withoutEdges(graph: Graph, removed: string[]): Graph {
  const copy: Graph = new Map([...graph].map(([from, targets]) => [from, new Set(targets)]));
  for (const edge of removed) {
    const [from, to] = edge.split('->');
    copy.get(from ?? '')?.delete(to ?? '');
  }
  return copy;
}

function upwardEdges(graph: Graph): string[] {
  return edges(graph).filter((edge) => {
    const [from, to] = edge.split('->') as [string, string];
    return (LAYERS[to] ?? 0) > (LAYERS[from] ?? 0);
  });
}

describe('electron/backend folder layering', () => {
  const graph = folderGraph();

  it(`keeps ${BASE_FOLDER}/ at the bottom: it imports no other backend module`, () => {
    const base = join(backend, BASE_FOLDER);
    const allowed = (imported: string) =>
      !imported.startsWith(backend + sep) ||
      imported.startsWith(base + sep) ||
      LEAF_MODULES.some((leaf) => imported === join(backend, leaf));
    const upward = sourceFiles(base).flatMap((file) =>
      relativeImports(file)
        .filter((imported) => !allowed(imported))
        .map((imported) => `${relative(backend, file)} -> ${relative(backend, imported)}`),
    );
    expect(upward, `${BASE_FOLDER}/ is the base layer: move the imported code into it or the import out`).toEqual([]);
  });

  it('places every folder in a layer and imports only from its own layer or below', () => {
    const unplaced = [...graph.keys()].filter((folder) => LAYERS[folder] === undefined);
    expect(unplaced, 'give these folders a layer in LAYERS (and docs/architecture.md)').toEqual([]);
    expect(
      upwardEdges(graph),
      'these folders import from a layer above their own: move the code to the right layer',
    ).toEqual([]);
  });

  it('finds an upward import in a graph that has one', () => {
    const bad: Graph = new Map([
      ['ingest', new Set(['db', 'jobs'])],
      ['jobs', new Set(['use-cases'])],
    ]);
    expect(upwardEdges(bad)).toEqual(['ingest->jobs']);
  });

  it('keeps the leaf modules the base uses free of backend imports', () => {
    const imports = LEAF_MODULES.flatMap((leaf) => relativeImports(join(backend, leaf)));
    expect(imports.filter((imported) => imported.startsWith(backend + sep))).toEqual([]);
  });

  it('has no import cycle between folders beyond the known ones', () => {
    const rest = withoutEdges(graph, KNOWN_CYCLE_EDGES);
    const cycleEdges = edges(rest).filter((edge) => {
      const [from, to] = edge.split('->') as [string, string];
      return reaches(rest, to, from);
    });
    expect(cycleEdges, 'these folder imports close a cycle: move the imported code down a layer').toEqual([]);
  });

  it('lists only known cycle edges that still exist and still close a cycle', () => {
    const stale = KNOWN_CYCLE_EDGES.filter((edge) => {
      const [from, to] = edge.split('->') as [string, string];
      return !graph.get(from)?.has(to) || !reaches(graph, to, from);
    });
    expect(stale, 'remove these from KNOWN_CYCLE_EDGES: the cycle is gone').toEqual([]);
  });
});

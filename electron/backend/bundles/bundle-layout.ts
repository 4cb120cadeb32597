import { createHash } from 'node:crypto';
import type { BundleEntry } from '../../../shared/contract/bundle-manifest.js';

export const MANIFEST_ENTRY = 'manifest.json';
export const SIGNATURE_ENTRY = 'signature.json';
export const README_ENTRY = 'README.md';
export const DEFINITIONS_ENTRY = 'features/definitions.yaml';

export const pipelineEntry = (name: string) => `pipeline/${name}.yaml`;
export const codeEntry = (projectPath: string) => `code/${projectPath}`;
export const runEntry = (runId: string) => `runs/${runId}.json`;
export const modelFileEntry = (model: string, version: number) => `models/${model}/${version}/model.onnx`;
export const modelCardEntry = (model: string, version: number) => `models/${model}/${version}/model-card.json`;
export const modelEntry = (model: string) => `models/${model}/model.json`;
export const tableEntry = (table: string) => `data/tables/${table}.parquet`;
export const trainingSetEntry = (table: string) => `data/training-sets/${table}.parquet`;

/** Where each kind of entry goes in the archive, in the order the format fixes. */
const GROUP_ORDER = [
  'README.md',
  'pipeline/',
  'features/',
  'code/',
  'runs/',
  'models/',
  'data/tables/',
  'data/training-sets/',
];

function group(path: string): number {
  const index = GROUP_ORDER.findIndex((prefix) => prefix === path || (prefix.endsWith('/') && path.startsWith(prefix)));
  return index === -1 ? GROUP_ORDER.length : index;
}

/** Entries in the format's order: by group, then by path (compared as code points, the same everywhere). */
export function inBundleOrder<T extends { path: string }>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => group(a.path) - group(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The bundle's own hash: SHA-256 of one line "PATH SHA256 BYTES" per entry, in order. */
export function bundleContentHash(entries: readonly BundleEntry[]): string {
  const hash = createHash('sha256');
  for (const entry of entries) hash.update(`${entry.path} ${entry.sha256} ${entry.bytes}\n`);
  return hash.digest('hex');
}

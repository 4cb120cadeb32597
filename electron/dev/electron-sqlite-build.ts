/// <reference path="./node-abi.d.ts" />
import { getAbi } from 'node-abi';

/** What a better-sqlite3 binary was built for; recorded beside it. */
export interface SqliteBuildTarget {
  /** NODE_MODULE_VERSION of the runtime that loads it. */
  abi: string;
  betterSqlite3Version: string;
  platform: string;
  arch: string;
}

export type SqliteBuildState = { state: 'fresh' } | { state: 'missing' | 'stale'; reason: string };

/** The ABI a native addon must be built for to load in the given runtime version. */
export function runtimeAbi(runtime: 'node' | 'electron', version: string): string {
  return getAbi(version, runtime);
}

const FIELDS: { key: keyof SqliteBuildTarget; label: string }[] = [
  { key: 'abi', label: 'ABI' },
  { key: 'betterSqlite3Version', label: 'better-sqlite3' },
  { key: 'platform', label: 'platform' },
  { key: 'arch', label: 'architecture' },
];

function parseRecord(text: string): Partial<Record<keyof SqliteBuildTarget, unknown>> | null {
  try {
    const record: unknown = JSON.parse(text);
    return typeof record === 'object' && record !== null ? record : null;
  } catch {
    return null;
  }
}

/**
 * Whether the Electron build on disk can be used as it is. `record` is the text of its build
 * record, undefined when there is none.
 */
export function sqliteBuildState(
  wanted: SqliteBuildTarget,
  found: { binaryExists: boolean; record: string | undefined },
): SqliteBuildState {
  if (!found.binaryExists) return { state: 'missing', reason: 'there is no build for this ABI yet' };
  const record = found.record === undefined ? null : parseRecord(found.record);
  if (!record) return { state: 'stale', reason: 'the build has no readable record of what it was built for' };
  const changes = FIELDS.filter(({ key }) => record[key] !== wanted[key]).map(
    ({ key, label }) => `${label} ${String(record[key])} (now ${wanted[key]})`,
  );
  return changes.length === 0 ? { state: 'fresh' } : { state: 'stale', reason: `built for ${changes.join(', ')}` };
}

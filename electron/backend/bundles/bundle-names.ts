import { isAbsolute, posix } from 'node:path';
import type { BundleManifest } from '../../../shared/contract/bundle-manifest.js';
import type { PipelineDefinition } from '../../../shared/contract/pipeline-definition.js';
import { assertTableName } from '../ingest/table-names.js';
import {
  codeEntry,
  modelCardEntry,
  modelEntry,
  modelFileEntry,
  tableEntry,
  trainingSetEntry,
} from './bundle-layout.js';
import { BundleRefusedError } from './bundle-refused-error.js';

/** Files of a project folder that are Triad's own, which no bundle may write. */
const TRIAD_PATHS = [/^triad\.sqlite/i, /^artifacts\//i, /^pipelines\/[^/]+\.ya?ml$/i, /^\./];

/** Every file a pipeline's command and ingest steps name, as written in the pipeline. */
function namedFiles(pipeline: PipelineDefinition): Set<string> {
  const named = new Set<string>();
  for (const step of pipeline.steps) {
    const settings = (step.with ?? {}) as Record<string, unknown>;
    if (step.kind === 'command' && Array.isArray(settings.run))
      for (const arg of settings.run.slice(1)) if (typeof arg === 'string') named.add(posix.normalize(arg));
    if (step.kind === 'ingest' && typeof settings.file === 'string') named.add(posix.normalize(settings.file));
  }
  return named;
}

/**
 * Refuses a bundle whose manifest names what it must not write: a table under a name Triad or
 * SQLite keep for themselves, or a code file that is Triad's own (the database, artifacts, pipeline
 * files), outside the project, or not a file its pipeline's steps name.
 */
export function assertBundleNames(file: string, manifest: BundleManifest, pipeline: PipelineDefinition): void {
  const { contents } = manifest;

  for (const table of contents.tables) {
    try {
      assertTableName(table.name);
    } catch (error) {
      throw new BundleRefusedError(
        file,
        `its table ${JSON.stringify(table.name)} cannot be imported: ${(error as Error).message}`,
      );
    }
  }
  const named = namedFiles(pipeline);
  for (const path of contents.code) {
    const shown = JSON.stringify(path);
    if (isAbsolute(path) || posix.normalize(path) !== path || path.startsWith('..'))
      throw new BundleRefusedError(file, `its code file ${shown} is not a plain path inside the project`);
    if (TRIAD_PATHS.some((pattern) => pattern.test(path)))
      throw new BundleRefusedError(file, `its code file ${shown} would overwrite a file Triad keeps for itself`);
    if (!named.has(path))
      throw new BundleRefusedError(file, `its code file ${shown} is not a file its pipeline's steps name`);
  }
  const held = new Set(manifest.entries.map((entry) => entry.path));
  const needed = [
    ...contents.code.map(codeEntry),
    ...contents.tables.map((table) => tableEntry(table.name)),
    ...contents.trainingSets.map((set) => trainingSetEntry(set.table)),
    ...contents.models.flatMap((model) => [
      modelFileEntry(model.name, model.version),
      modelCardEntry(model.name, model.version),
      modelEntry(model.name),
    ]),
  ];
  const missing = needed.find((path) => !held.has(path));
  if (missing) throw new BundleRefusedError(file, `its manifest lists contents without their entry ${missing}`);
}

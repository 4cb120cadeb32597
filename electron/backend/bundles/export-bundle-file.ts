import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { BundleExportResult } from '../../../shared/contract/bundles.js';
import { TriadError } from '../../../shared/contract/errors.js';
import { type BundleExportRequest, planBundle, writeBundle } from './bundle-export.js';
import { signManifest } from './bundle-signing.js';
import { loadSigningKey } from './signing-key-files.js';

/** Exports a pipeline to a bundle file, signed with the user's key when asked: what the app's job and `triad bundle export` do. */
export async function exportBundleFile(
  db: Database.Database,
  projectDir: string,
  request: BundleExportRequest,
  onProgress?: (written: number, total: number) => void,
  signal?: AbortSignal,
): Promise<BundleExportResult> {
  const key = request.sign ? loadSigningKey(request.appDataDir) : null;
  if (request.sign && !key)
    throw new TriadError('not_found', 'you have no signing key yet: create one (triad keys create) to sign bundles');
  const file = resolve(request.path);
  if (!existsSync(dirname(file)) || !statSync(dirname(file)).isDirectory())
    throw new TriadError('invalid_input', `there is no folder ${dirname(file)} to write the bundle in`);
  if (existsSync(file) && !statSync(file).isFile())
    throw new TriadError('invalid_input', `${file} is not a file: choose another name for the bundle`);
  const plan = await planBundle(db, projectDir, request);
  const written = await writeBundle(plan, file, {
    sign: key
      ? (manifest) => new TextEncoder().encode(`${JSON.stringify(signManifest(manifest, key), null, 2)}\n`)
      : undefined,
    onProgress,
    signal,
  });
  return { file, ...written, signed: key !== null, entries: plan.manifest.entries.length, leftOut: plan.leftOut };
}

import { statSync } from 'node:fs';
import type { BundleInspection, SignatureVerdict } from '../../../shared/contract/bundles.js';
import type { Project } from '../db/project.js';
import { type BundleLimits, readBundle, type VerifiedBundle } from './bundle-reader.js';
import { bundleDefinitions, importItems } from './import-items.js';

/** How a bundle's signature stands for a project (or for nobody, with no project open), and whether the project requires one. */
export type SignatureJudge = (
  bundle: VerifiedBundle,
  project: Project | null,
) => SignatureVerdict & { required: boolean };

/**
 * Reads a bundle whole (refusing it as an import would) and says what it holds, who signed it and,
 * with a project, what importing it there would change: each item new, identical or in conflict.
 * Writes nothing.
 */
export async function inspectBundle(
  file: string,
  project: Project | null,
  judge: SignatureJudge,
  limits?: BundleLimits,
): Promise<BundleInspection> {
  const bundle = await readBundle(file, { limits });
  const definitions = bundleDefinitions(bundle);
  const { required, ...signature } = judge(bundle, project);
  return {
    file,
    bytes: statSync(file).size,
    manifest: bundle.manifest,
    signature,
    signatureRequired: required,
    items: project ? importItems(project.db, project.path, bundle, definitions) : [],
  };
}

import type { BundleInspection } from '../../shared/contract/bundles.js';
import { formatBytes, formatCount } from '../../shared/format.js';
import type { ImportResult } from '../backend/bundles/bundle-import.js';
import { textTable } from './text-table.js';

function signatureLine(inspection: BundleInspection): string {
  const { signature } = inspection;
  if (!signature.signed)
    return `Signature: none${inspection.signatureRequired ? ' — this project requires a trusted one' : ''}`;
  if (!signature.valid) return `Signature: INVALID (${signature.problem})`;
  const who = `${signature.signer} (key ${signature.keyId})`;
  return `Signature: valid, by ${who}${signature.trusted ? ', a key this project trusts' : signature.problem ? ', a key this project does not trust' : ''}`;
}

/** What `triad bundle verify` prints: the bundle is whole, what it holds, who signed it, and what an import would change. */
export function describeInspection(inspection: BundleInspection): string {
  const { manifest } = inspection;
  const { contents } = manifest;
  const features = contents.features;
  const held = [
    `pipeline ${contents.pipeline.name}`,
    formatCount(
      features.entities.length +
        features.featureViews.length +
        features.featureServices.length +
        features.qualityChecks.length,
      'feature definition',
    ),
    formatCount(contents.code.length, 'code file'),
    formatCount(contents.runs.length, 'run'),
    formatCount(contents.models.length, 'model version'),
    formatCount(contents.tables.length, 'table'),
    formatCount(contents.trainingSets.length, 'training set'),
  ];
  return [
    `${inspection.file}: a whole bundle (${formatBytes(inspection.bytes)}, ${formatCount(manifest.entries.length, 'entry', 'entries')}, every SHA-256 checked)`,
    `  content hash ${manifest.contentHash}`,
    `  exported by ${manifest.author} with Triad ${manifest.appVersion}; newest content ${manifest.createdAt}`,
    `  holds ${held.join(', ')}`,
    signatureLine(inspection),
    ...(inspection.items.length > 0
      ? [
          'Importing it into the project would:',
          textTable(
            ['KIND', 'NAME', 'STATUS', 'DETAIL'],
            inspection.items.map((item) => [
              item.kind,
              item.name,
              item.status === 'new' ? 'add' : item.status,
              item.detail,
            ]),
          ),
        ]
      : []),
  ].join('\n');
}

/** What `triad bundle import` prints: what it did with each item. */
export function describeImport(result: ImportResult): string {
  const verbs: Record<ImportResult['decisions'][number]['action'], string> = {
    new: 'added',
    identical: 'already there',
    overwrite: 'overwritten',
    rename: 'added as',
    skip: 'kept the project’s',
  };
  return [
    `Imported pipeline ${result.pipeline} (pipelines/${result.file})${result.models.length > 0 ? `; registered ${result.models.join(', ')}` : ''}`,
    textTable(
      ['KIND', 'NAME', 'DONE'],
      result.decisions.map((decision) => [
        decision.kind,
        decision.name,
        decision.action === 'rename' ? `${verbs.rename} ${decision.as}` : verbs[decision.action],
      ]),
    ),
  ].join('\n');
}

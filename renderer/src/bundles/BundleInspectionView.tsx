import { PackageOpen } from 'lucide-react';
import { type ReactNode, useState } from 'react';
import type { ConflictResolutions } from '../../../shared/contract/bundles.js';
import { formatBytes } from '../../../shared/format.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { useMethodQuery } from '../hooks/queries.js';
import { BundleContentsView } from './BundleContentsView.js';
import { buildResolutions, type ConflictChoice, unresolvedConflicts } from './conflict-choices.js';
import { ImportItemsTable } from './ImportItemsTable.js';
import { SignatureVerdictView } from './SignatureVerdictView.js';
import { importBlocker } from './signature-verdict.js';

/** What a bundle holds, who made and signed it, and what importing it would do; Import once every conflict has a choice. */
export function BundleInspectionView({
  path,
  running,
  error,
  onImport,
  onManageKeys,
}: {
  path: string;
  /** The import's progress, shown in place of the Import button while it runs. */
  running: ReactNode | null;
  error: Error | null;
  onImport(resolutions: ConflictResolutions): void;
  onManageKeys(): void;
}) {
  const inspection = useMethodQuery('bundles.inspect', { path });
  const [choices, setChoices] = useState<Record<string, ConflictChoice>>({});
  if (inspection.error)
    return (
      <section aria-label="Refused bundle">
        <h3>This bundle cannot be imported</h3>
        <ErrorMessage error={inspection.error} />
      </section>
    );
  if (!inspection.data)
    return (
      <section>
        <p className="panel__text">Checking the bundle…</p>
      </section>
    );
  const { manifest, items } = inspection.data;
  const blocker = importBlocker(inspection.data, unresolvedConflicts(items, choices).length);
  return (
    <>
      <section aria-label="About the bundle">
        <p className="panel__text">
          Exported by <strong>{manifest.author || 'someone unnamed'}</strong>, content as of{' '}
          {new Date(manifest.createdAt).toLocaleString()} · {formatBytes(inspection.data.bytes)} · Triad{' '}
          {manifest.appVersion}
        </p>
        <SignatureVerdictView inspection={inspection.data} onManageKeys={onManageKeys} />
        <BundleContentsView contents={manifest.contents} />
      </section>
      <section aria-label="What importing does">
        <h3>What importing does</h3>
        <ImportItemsTable
          items={items}
          choices={choices}
          onChoose={(key, choice) => setChoices((current) => ({ ...current, [key]: choice }))}
        />
      </section>
      <footer className="dialog__actions">
        {running ?? (
          <>
            <ErrorMessage error={error} />
            {blocker ? <span className="panel__hint dialog__actions-reason">{blocker}</span> : null}
            <button
              type="button"
              className="button button--primary"
              disabled={blocker !== null}
              onClick={() => onImport(buildResolutions(items, choices))}
            >
              <PackageOpen size={15} aria-hidden /> Import
            </button>
          </>
        )}
      </footer>
    </>
  );
}

import { CheckCircle2 } from 'lucide-react';
import type { BundleExportResult } from '../../../shared/contract/bundles.js';
import { formatBytes, formatCount } from '../../../shared/format.js';
import { CopyButton } from '../components/CopyButton.js';
import { desktopBridge } from '../transport/desktop-transport.js';

/** The bundle written: where, how big, its content hash, and whether it is signed. */
export function ExportOutcome({
  result,
  pipeline,
  onClose,
}: {
  result: BundleExportResult;
  pipeline: string;
  onClose(): void;
}) {
  const desktop = desktopBridge();
  return (
    <>
      <section aria-label="Export result" className="bundle-outcome">
        <p className="bundle-outcome__title">
          <CheckCircle2 size={18} aria-hidden /> Exported {pipeline}
        </p>
        <dl className="facts-list">
          <dt>File</dt>
          <dd>
            <code>{result.file}</code>
            {desktop ? (
              <button
                type="button"
                className="button button--ghost"
                onClick={() => void desktop.showInFolder(result.file)}
              >
                Show in folder
              </button>
            ) : (
              <CopyButton text={result.file} label="Copy the file's path" />
            )}
          </dd>
          <dt>Size</dt>
          <dd>
            {formatBytes(result.bytes)} · {formatCount(result.entries, 'entry', 'entries')}
          </dd>
          <dt>Content hash</dt>
          <dd>
            <code title="Two bundles with the same content hash hold the same entries">{result.contentHash}</code>
            <CopyButton text={result.contentHash} label="Copy the content hash" />
          </dd>
          <dt>Signature</dt>
          <dd>{result.signed ? 'Signed with your key' : 'Not signed'}</dd>
        </dl>
        {result.leftOut.length > 0 ? (
          <p className="form-warning">Left out, being outside the project folder: {result.leftOut.join(', ')}.</p>
        ) : null}
      </section>
      <footer className="dialog__actions">
        <button type="button" className="button button--primary" onClick={onClose}>
          Done
        </button>
      </footer>
    </>
  );
}

import type { ImportOutcome, ImportProgress } from '../../../../shared/contract/schemas.js';
import { formatBytes, formatCount } from '../../../../shared/format.js';
import { describeImport } from '../../../../shared/import-summary.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { TableHead } from '../../components/TableHead.js';

function eta(seconds: number | null): string {
  if (seconds === null) return 'estimating…';
  return seconds < 60 ? `${Math.ceil(seconds)} s left` : `${Math.ceil(seconds / 60)} min left`;
}

export function ImportProgressPanel({ progress, onCancel }: { progress: ImportProgress | null; onCancel(): void }) {
  const fraction = progress && progress.totalBytes > 0 ? Math.min(1, progress.bytesRead / progress.totalBytes) : 0;
  return (
    <div className="job-progress">
      <ProgressBar label="Import progress" fraction={fraction} />
      <div className="job-progress__facts">
        {progress
          ? `${formatCount(progress.rowsRead, 'row')} read · ${formatBytes(progress.bytesRead)} of ${formatBytes(progress.totalBytes)} · ${progress.rowsPerSecond.toLocaleString('en-US')} rows/s · ${eta(progress.etaSeconds)}`
          : 'Starting…'}
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

export function ImportOutcomePanel({ outcome }: { outcome: ImportOutcome }) {
  if (outcome.status !== 'succeeded') {
    return (
      <p role="alert" className="form-error">
        {outcome.status === 'cancelled' ? 'Import cancelled: ' : 'Import failed: '}
        {outcome.error}
      </p>
    );
  }
  return (
    <div className="import-outcome" role="status">
      <p>
        {describeImport(outcome)} in {(outcome.durationMs / 1000).toFixed(1)} s
        {outcome.rowsQuarantined > 0 ? `; ${formatCount(outcome.rowsQuarantined, 'row')} quarantined:` : '.'}
      </p>
      {outcome.quarantine.length > 0 ? (
        <table className="data-grid">
          <TableHead columns={['Row', 'Why it was not imported']} />
          <tbody>
            {outcome.quarantine.map((row) => (
              <tr key={row.rowNumber}>
                <td className="data-grid__number">{row.rowNumber}</td>
                <td>{row.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {outcome.rowsQuarantined > outcome.quarantine.length ? (
        <p className="panel__text">
          …and {formatCount(outcome.rowsQuarantined - outcome.quarantine.length, 'more row')}. Every quarantined row,
          with its values, is in the project's <code>triad_quarantine</code> table (
          <code>triad sql "SELECT * FROM triad_quarantine"</code>).
        </p>
      ) : null}
    </div>
  );
}

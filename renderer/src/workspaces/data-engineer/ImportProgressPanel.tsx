import type { JobProgress } from '../../../../shared/contract/jobs.js';
import { formatBytes, formatCount } from '../../../../shared/format.js';
import { describeImport } from '../../../../shared/import-summary.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { TableHead } from '../../components/TableHead.js';
import type { JobEnd } from '../../hooks/job-hooks.js';

function eta(seconds: number | null): string {
  if (seconds === null) return 'estimating…';
  return seconds < 60 ? `${Math.ceil(seconds)} s left` : `${Math.ceil(seconds / 60)} min left`;
}

/** An import's progress counts bytes of the file, with the rows read so far beside them. */
function importFacts(progress: JobProgress): string {
  const rowsRead = progress.counts.rowsRead ?? 0;
  const seconds = progress.ratePerSecond && progress.done > 0 ? progress.done / progress.ratePerSecond : 0;
  const rowsPerSecond = seconds > 0 ? Math.round(rowsRead / seconds) : 0;
  return `${formatCount(rowsRead, 'row')} read · ${formatBytes(progress.done)} of ${formatBytes(progress.total ?? 0)} · ${rowsPerSecond.toLocaleString('en-US')} rows/s · ${eta(progress.etaSeconds)}`;
}

export function ImportProgressPanel({ progress, onCancel }: { progress: JobProgress | null; onCancel(): void }) {
  const fraction = progress?.total ? Math.min(1, progress.done / progress.total) : 0;
  return (
    <div className="job-progress">
      <ProgressBar label="Import progress" fraction={fraction} />
      <div className="job-progress__facts">
        {progress ? importFacts(progress) : 'Starting…'}
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

export function ImportOutcomePanel({ end }: { end: JobEnd<'import'> }) {
  const outcome = end.result;
  if (!outcome) {
    return (
      <p role="alert" className="form-error">
        {end.state === 'cancelled'
          ? 'Import cancelled: the table is as it was before.'
          : end.state === 'interrupted'
            ? 'Import interrupted: the backend stopped while it ran; the table is as it was before.'
            : `Import failed: ${end.error}`}
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

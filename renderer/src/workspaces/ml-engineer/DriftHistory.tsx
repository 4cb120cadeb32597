import type { DriftReport } from '../../../../shared/contract/serving.js';
import { TableHead } from '../../components/TableHead.js';
import { formatMetric } from '../../models/metric-format.js';
import { isDriftAlert } from './drift-order.js';

/** Past drift reports, newest first; alerts stand out, and choosing one shows it. */
export function DriftHistory({
  reports,
  shown,
  onShow,
}: {
  reports: DriftReport[];
  shown: number | undefined;
  onShow(id: number): void;
}) {
  return (
    <table className="data-grid" aria-label="Drift reports">
      <TableHead columns={['Computed', 'Model', 'Live window', 'Drifted features', 'Verdict']} />
      <tbody>
        {reports.map((report) => (
          <tr key={report.id} aria-selected={report.id === shown}>
            <td>
              <button type="button" className="link-button" onClick={() => onShow(report.id)}>
                {new Date(report.computedAt).toLocaleString()}
              </button>
            </td>
            <td>
              {report.model}:{report.version}
            </td>
            <td>{formatMetric((Date.parse(report.windowTo) - Date.parse(report.windowFrom)) / 3_600_000)} h</td>
            <td>
              {report.driftedFeatures} of {report.features.length}
            </td>
            <td>
              <span
                className={`badge ${report.datasetDrift ? 'badge--failed' : isDriftAlert(report) ? 'badge--starting' : 'badge--up'}`}
              >
                {report.datasetDrift ? 'dataset drift' : isDriftAlert(report) ? 'feature drift' : 'no drift'}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import { useState } from 'react';
import type { DriftReport } from '../../../../shared/contract/serving.js';
import { formatCount } from '../../../../shared/format.js';
import { TableHead } from '../../components/TableHead.js';
import { formatMetric } from '../../models/metric-format.js';
import { DriftHistogram } from './DriftHistogram.js';
import { sortByDrift } from './drift-order.js';

/** The share of drifted features from which the dataset as a whole is said to drift. */
const DATASET_DRIFT_SHARE = 0.5;

/** Fewer live rows than this make a verdict that noise decides: the report says so. */
export const FEW_LIVE_ROWS = 100;

const percent = (share: number) => `${formatMetric(share * 100)}%`;

function DriftVerdict({ report }: { report: DriftReport }) {
  const total = report.features.length;
  const counted = `${report.driftedFeatures} of ${formatCount(total, 'feature')} (${percent(report.driftShare)}; the dataset drifts from ${percent(DATASET_DRIFT_SHARE)})`;
  if (report.datasetDrift)
    return (
      <p className="notice notice--warning" role="status">
        <strong>Dataset drift detected</strong> in {counted}.
      </p>
    );
  return (
    <p className={`notice ${report.driftedFeatures > 0 ? 'notice--warning' : 'notice--ok'}`} role="status">
      <strong>No dataset drift</strong>:{' '}
      {report.driftedFeatures > 0 ? `drift in ${counted}` : `none of ${formatCount(total, 'feature')} drifted`}.
    </p>
  );
}

/** One drift report: the verdict, each feature's test sorted by how far it is past its threshold, and a feature's histograms. */
export function DriftReportView({ report }: { report: DriftReport }) {
  const features = sortByDrift(report.features);
  const [chosen, setChosen] = useState<string | null>(null);
  const shown = features.find((result) => result.feature === chosen) ?? features[0];
  return (
    <div className="drift-report">
      <DriftVerdict report={report} />
      {report.liveRows < FEW_LIVE_ROWS ? (
        <p className="notice notice--warning">
          Only {formatCount(report.liveRows, 'live row')}: too few to trust the verdict, since a handful of requests
          rarely looks like the training data. Check again once the deployment has served {FEW_LIVE_ROWS} or more, or
          widen the live window.
        </p>
      ) : null}
      <p className="panel__text">
        {report.model} version {report.version}: {report.liveRows.toLocaleString('en-US')} live rows from{' '}
        {new Date(report.windowFrom).toLocaleString()} to {new Date(report.windowTo).toLocaleString()}, against{' '}
        {report.referenceRows.toLocaleString('en-US')} reference rows of {report.referenceSource}. Computed{' '}
        {new Date(report.computedAt).toLocaleString()}.
      </p>
      <div className="drift-report__columns">
        <table className="data-grid" aria-label="Drift per feature">
          <TableHead columns={['Feature', 'Type', 'Method', 'Score', 'Threshold', 'Drift', 'PSI']} />
          <tbody>
            {features.map((result) => (
              <tr key={result.feature} aria-selected={result.feature === shown?.feature}>
                <td>
                  <button type="button" className="link-button" onClick={() => setChosen(result.feature)}>
                    {result.feature}
                  </button>
                </td>
                <td>{result.kind}</td>
                <td>{result.method}</td>
                <td className="data-grid__number">{formatMetric(result.score)}</td>
                <td className="data-grid__number">{formatMetric(result.threshold)}</td>
                <td>
                  <span className={`badge ${result.drifted ? 'badge--failed' : 'badge--up'}`}>
                    {result.drifted ? 'drifted' : 'stable'}
                  </span>
                </td>
                <td className="data-grid__number">{formatMetric(result.psi)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown ? <DriftHistogram result={shown} /> : null}
      </div>
    </div>
  );
}

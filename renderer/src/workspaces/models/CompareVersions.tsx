import type { ModelVersion } from '../../../../shared/contract/schemas.js';
import { ownValue } from '../../../../shared/own-value.js';
import { TableHead } from '../../components/TableHead.js';
import { PrecisionRecallChart, RocChart } from '../../models/CurveChart.js';
import { formatMetric, metricLabel } from '../../models/metric-format.js';

/** Two versions side by side: every metric either has, and their ROC curves on one chart. */
export function CompareVersions({ versions }: { versions: [ModelVersion, ModelVersion] }) {
  const names = [...new Set(versions.flatMap((version) => Object.keys(version.card.metrics)))];
  const label = (version: ModelVersion) => `version ${version.version}`;
  return (
    <div className="model-card">
      <table className="data-grid" aria-label="Metrics side by side">
        <TableHead columns={['Metric', ...versions.map(label)]} />
        <tbody>
          {names.map((name) => (
            <tr key={name}>
              <td>{metricLabel(name)}</td>
              {versions.map((version) => (
                <td key={version.version} className="data-grid__number">
                  {formatMetric(ownValue(version.card.metrics, name))}
                </td>
              ))}
            </tr>
          ))}
          <tr>
            <td>Algorithm</td>
            {versions.map((version) => (
              <td key={version.version}>{version.card.algorithm}</td>
            ))}
          </tr>
          <tr>
            <td>Parameters</td>
            {versions.map((version) => (
              <td key={version.version}>
                {Object.entries(version.card.parameters)
                  .map(([key, value]) => `${key}=${value}`)
                  .join(', ')}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      {versions.some((version) => version.card.rocCurve.length > 0) ? (
        <div className="chart-row">
          <RocChart
            title="ROC curves"
            series={versions.map((version) => ({ name: label(version), points: version.card.rocCurve }))}
          />
          <PrecisionRecallChart
            title="Precision–recall curves"
            series={versions.map((version) => ({ name: label(version), points: version.card.prCurve }))}
          />
        </div>
      ) : null}
    </div>
  );
}

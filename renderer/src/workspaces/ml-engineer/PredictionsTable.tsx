import type { LoggedPrediction } from '../../../../shared/contract/serving.js';
import { TableHead } from '../../components/TableHead.js';
import { formatMilliseconds, inputsSummary, outputsSummary } from './monitoring-series.js';

/** The newest logged predictions: when, which version, through which endpoint, how it went and what was asked. */
export function PredictionsTable({ predictions }: { predictions: LoggedPrediction[] }) {
  return (
    <div className="grid-scroll">
      <table className="data-grid" aria-label="Recent predictions">
        <TableHead columns={['Time', 'Model', 'Endpoint', 'Status', 'Latency (ms)', 'Inputs', 'Answer']} />
        <tbody>
          {predictions.map((prediction) => (
            <tr key={prediction.id}>
              <td>{new Date(prediction.time).toLocaleString()}</td>
              <td>
                {prediction.model}:{prediction.version}
              </td>
              <td>{prediction.endpoint}</td>
              <td title={prediction.error ?? undefined}>
                <span className={`badge ${prediction.status < 400 ? 'badge--up' : 'badge--failed'}`}>
                  {prediction.status}
                </span>
              </td>
              <td className="data-grid__number">{formatMilliseconds(prediction.latencyMicros / 1000)}</td>
              <td title={prediction.error ?? undefined}>{inputsSummary(prediction)}</td>
              <td className={prediction.error ? 'try-form__error' : undefined}>{outputsSummary(prediction)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

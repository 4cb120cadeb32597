import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ModelCard } from '../../../shared/contract/schemas.js';
import { type Algorithm, stepName } from '../../../shared/model-algorithms.js';
import { TableHead } from '../components/TableHead.js';
import { CurveChart, PrecisionRecallChart, RocChart } from './CurveChart.js';
import { formatMetric, metricLabel } from './metric-format.js';

/** Importances shown: the strongest features, enough to read at a glance. */
const TOP_IMPORTANCES = 12;

function MetricGrid({ card }: { card: ModelCard }) {
  const names = Object.keys(card.metrics);
  if (names.length === 0) return <p className="muted">The model file names no metrics (it was made elsewhere).</p>;
  return (
    <ul className="metric-grid" aria-label="Metrics">
      {names.map((name) => (
        <li key={name} className="metric">
          <span className="metric__label">{metricLabel(name)}</span>
          <span className="metric__value">{formatMetric(card.metrics[name])}</span>
          {name in card.trainMetrics ? (
            <span className="metric__hint">training {formatMetric(card.trainMetrics[name])}</span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** Counts of actual against predicted classes; `of` names whose they are when several are shown. */
export function ConfusionMatrix({ card, of }: { card: ModelCard; of?: string }) {
  if (!card.confusion || !card.classes) return null;
  const classes = card.classes.map(String);
  const largest = Math.max(1, ...card.confusion.flat());
  const title = of ? `Confusion matrix of ${of}` : 'Confusion matrix';
  return (
    <figure className="confusion" aria-label={title}>
      <figcaption>{title} (rows: actual, columns: predicted)</figcaption>
      <table className="data-grid">
        <TableHead columns={['', ...classes]} />
        <tbody>
          {card.confusion.map((row, actual) => (
            <tr key={classes[actual]}>
              <th scope="row">{classes[actual]}</th>
              {row.map((count, predicted) => (
                <td
                  key={classes[predicted]}
                  className="data-grid__number"
                  style={{
                    background: `color-mix(in srgb, ${actual === predicted ? 'var(--up)' : 'var(--failed)'} ${Math.round((count / largest) * 40)}%, transparent)`,
                  }}
                >
                  {count.toLocaleString('en-US')}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export function Importances({ card, of }: { card: ModelCard; of?: string }) {
  const data = card.importances.slice(0, TOP_IMPORTANCES);
  if (data.length === 0) return null;
  const title = of ? `Feature importances of ${of}` : 'Feature importances';
  return (
    <figure className="curve-chart" aria-label={title}>
      <figcaption>
        {title}
        {card.importances.length > TOP_IMPORTANCES ? ` (top ${TOP_IMPORTANCES})` : ''}
      </figcaption>
      <ResponsiveContainer width="100%" height={data.length * 24 + 24}>
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16, top: 4, bottom: 4 }}>
          <XAxis type="number" hide />
          <YAxis type="category" dataKey="feature" width={150} fontSize={11} />
          <Tooltip formatter={(value) => Number(Number(value).toPrecision(4))} />
          <Bar dataKey="importance" fill="#2563eb" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** The training loss per iteration and, when rows were held out, theirs (log loss, or RMSE for a regression). */
function historySeries(card: ModelCard) {
  const training = {
    name: card.task === 'clustering' ? 'inertia' : 'training loss',
    points: card.history.map((point) => ({ x: point.iteration, y: point.value })),
  };
  const heldOut = card.history.flatMap((point) =>
    point.validation === null || point.validation === undefined ? [] : [{ x: point.iteration, y: point.validation }],
  );
  if (heldOut.length === 0) return [training];
  return [training, { name: card.task === 'regression' ? 'held-out RMSE' : 'held-out log loss', points: heldOut }];
}

/** A model card: its metrics, the curves and confusion of a classifier, and what its features weigh. */
export function ModelCardView({ card }: { card: ModelCard }) {
  return (
    <div className="model-card">
      <MetricGrid card={card} />
      <div className="chart-row">
        {card.rocCurve.length > 0 ? (
          <RocChart title="ROC curve" series={[{ name: 'ROC', points: card.rocCurve }]} />
        ) : null}
        {card.prCurve.length > 0 ? (
          <PrecisionRecallChart title="Precision–recall curve" series={[{ name: 'PR', points: card.prCurve }]} />
        ) : null}
        {card.history.length > 1 ? (
          <CurveChart
            title={
              card.task === 'clustering'
                ? 'Inertia of each restart'
                : `Loss per ${stepName(card.algorithm as Algorithm)}`
            }
            xLabel={stepName(card.algorithm as Algorithm)}
            yLabel={card.task === 'clustering' ? 'inertia' : 'loss'}
            series={historySeries(card)}
          />
        ) : null}
      </div>
      <div className="chart-row">
        <ConfusionMatrix card={card} />
        <Importances card={card} />
      </div>
    </div>
  );
}

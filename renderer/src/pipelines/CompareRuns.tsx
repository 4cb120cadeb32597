import { useQueries } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ModelCard } from '../../../shared/contract/schemas.js';
import { ownValue } from '../../../shared/own-value.js';
import { TableHead } from '../components/TableHead.js';
import { PrecisionRecallChart, RocChart } from '../models/CurveChart.js';
import { ConfusionMatrix, Importances } from '../models/ModelCardView.js';
import { formatMetric, metricLabel } from '../models/metric-format.js';
import { useClient } from '../transport/client-context.js';
import type { ExperimentRun } from './experiment-runs.js';
import { differingParameters } from './experiment-table.js';
import { runCardQuery } from './pipeline-queries.js';

const COLORS = ['#2563eb', '#d97706', '#059669', '#7c3aed'];
const label = (run: ExperimentRun) => `run ${run.id.slice(0, 8)}`;

function ParameterDiff({ runs }: { runs: ExperimentRun[] }) {
  const differing = differingParameters(runs);
  const names = [...new Set(runs.flatMap((run) => Object.keys(run.params)))].sort(
    (a, b) => Number(differing.has(b)) - Number(differing.has(a)) || a.localeCompare(b),
  );
  return (
    <table className="data-grid" aria-label="Parameters side by side">
      <TableHead columns={['Parameter', ...runs.map(label)]} />
      <tbody>
        {names.map((name) => (
          <tr key={name} className={differing.has(name) ? 'compare__differs' : undefined}>
            <td>
              {name}
              {differing.has(name) ? <span className="badge badge--starting">differs</span> : null}
            </td>
            {runs.map((run) => (
              <td key={run.id}>{String(ownValue(run.params, name) ?? '—')}</td>
            ))}
          </tr>
        ))}
        <tr className={new Set(runs.map((run) => run.definitionHash)).size > 1 ? 'compare__differs' : undefined}>
          <td>definition</td>
          {runs.map((run) => (
            <td key={run.id}>
              {run.definitionHash ? (
                <code title={run.definitionHash}>{run.definitionHash.slice(0, 12)}</code>
              ) : (
                run.pipeline
              )}
            </td>
          ))}
        </tr>
      </tbody>
    </table>
  );
}

/** Row counts are facts of the data, not scores: they stay in the table but get no chart. */
const isCount = (name: string) => /(^|_)rows$/.test(name);

function MetricTable({ runs }: { runs: ExperimentRun[] }) {
  const measured = runs.map((run) => run.metrics);
  const names = [...new Set(measured.flatMap((metrics) => Object.keys(metrics)))];
  if (names.length === 0) return <p className="panel__text">These runs measured no metrics.</p>;
  return (
    <table className="data-grid" aria-label="Metrics side by side">
      <TableHead columns={['Metric', ...runs.map(label)]} />
      <tbody>
        {names.map((name) => (
          <tr key={name}>
            <td>{metricLabel(name)}</td>
            {measured.map((metrics, index) => (
              <td key={runs[index]?.id} className="data-grid__number">
                {formatMetric(ownValue(metrics, name))}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One small bar chart per metric, each on its own scale, the runs in the same colours throughout. */
function MetricCharts({ runs }: { runs: ExperimentRun[] }) {
  const measured = runs.map((run) => run.metrics);
  const names = [...new Set(measured.flatMap((metrics) => Object.keys(metrics)))].filter((name) => !isCount(name));
  if (names.length === 0) return null;
  return (
    <fieldset className="metric-charts" aria-label="Metric charts">
      {names.map((name) => (
        <figure key={name} className="metric-chart" aria-label={`${metricLabel(name)} chart`}>
          <figcaption>{metricLabel(name)}</figcaption>
          <ResponsiveContainer width="100%" height={runs.length * 22 + 30}>
            <BarChart
              data={runs.map((run, index) => ({ run: label(run), value: measured[index]?.[name] ?? null }))}
              layout="vertical"
              margin={{ left: 4, right: 12, top: 2, bottom: 2 }}
            >
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" horizontal={false} />
              <XAxis type="number" fontSize={10} domain={[0, 'auto']} />
              <YAxis type="category" dataKey="run" width={92} fontSize={10} />
              <Tooltip formatter={(value) => formatMetric(Number(value))} />
              <Bar dataKey="value" isAnimationActive={false}>
                {runs.map((run, index) => (
                  <Cell key={run.id} fill={COLORS[index % COLORS.length]} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </figure>
      ))}
    </fieldset>
  );
}

/** Model cards of the runs' trainings, for curves, confusion matrices and importances. */
function useCards(runs: ExperimentRun[]) {
  const client = useClient();
  return useQueries({ queries: runs.map((run) => runCardQuery(client, run.trainingRunId)) });
}

/** Two or more runs side by side: what differed in their parameters, what they measured, and their models. */
export function CompareRuns({ runs }: { runs: ExperimentRun[] }) {
  const cards = useCards(runs);
  const withCards = runs.flatMap((run, index) => {
    const card = cards[index]?.data as ModelCard | undefined;
    return card ? [{ run, card }] : [];
  });
  const curves = withCards.filter(({ card }) => card.rocCurve.length > 0);
  return (
    <div className="compare-runs">
      <div className="chart-row">
        <section aria-label="Parameters">
          <h3 className="compare-runs__title">Parameters</h3>
          <ParameterDiff runs={runs} />
        </section>
        <section aria-label="Metrics">
          <h3 className="compare-runs__title">Metrics</h3>
          <MetricTable runs={runs} />
        </section>
      </div>
      <MetricCharts runs={runs} />
      {curves.length > 0 ? (
        <div className="chart-row">
          <RocChart
            title="ROC curves"
            series={curves.map(({ run, card }) => ({ name: label(run), points: card.rocCurve }))}
          />
          <PrecisionRecallChart
            title="Precision–recall curves"
            series={curves.map(({ run, card }) => ({ name: label(run), points: card.prCurve }))}
          />
        </div>
      ) : null}
      {withCards.length > 0 ? (
        <div
          className="compare-runs__cards"
          style={{ gridTemplateColumns: `repeat(${withCards.length}, minmax(0, 1fr))` }}
        >
          {withCards.map(({ run, card }) => (
            <div key={run.id}>
              <ConfusionMatrix card={card} of={label(run)} />
              <Importances card={card} of={label(run)} />
            </div>
          ))}
        </div>
      ) : (
        <p className="panel__text">None of these runs trained a model here, so there are no curves to compare.</p>
      )}
    </div>
  );
}

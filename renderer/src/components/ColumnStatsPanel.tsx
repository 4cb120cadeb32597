import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ColumnStats } from '../../../shared/contract/schemas.js';
import { formatStatistic } from '../../../shared/format.js';
import { formatCell } from './format-cell.js';

const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact' });

function number(value: number | null | undefined, type: string): string {
  if (value === null || value === undefined) return '—';
  return type === 'boolean' ? formatCell(value, type) : formatStatistic(value, type);
}

/** One column's statistics, with its histogram or its most frequent values as a chart. */
export function ColumnStatsPanel({ stats }: { stats: ColumnStats }) {
  const numeric = stats.numeric;
  const chartData = numeric
    ? numeric.histogram.map((bin) => ({
        label: stats.type === 'boolean' ? formatCell(bin.start, stats.type) : formatStatistic(bin.start, stats.type),
        count: bin.count,
      }))
    : stats.topValues.map((entry) => ({ label: entry.value, count: entry.count }));
  const chartHeight = numeric ? 170 : Math.max(120, chartData.length * 22 + 20);
  return (
    <section className="column-stats" aria-label={`Statistics of ${stats.name}`}>
      <header className="column-stats__header">
        <h3 title={stats.name}>{stats.name}</h3>
        <span className="badge">{stats.type}</span>
      </header>
      <dl className="column-stats__facts">
        <dt>Rows</dt>
        <dd>{stats.count.toLocaleString('en-US')}</dd>
        <dt>Nulls</dt>
        <dd>
          {stats.nulls.toLocaleString('en-US')} ({stats.count > 0 ? ((stats.nulls / stats.count) * 100).toFixed(1) : 0}
          %)
        </dd>
        <dt>Distinct</dt>
        <dd>{stats.distinct.toLocaleString('en-US')}</dd>
        {numeric ? (
          <>
            <dt>Min / max</dt>
            <dd>
              {number(numeric.min, stats.type)} / {number(numeric.max, stats.type)}
            </dd>
            {stats.type !== 'timestamp' && stats.type !== 'date' ? (
              <>
                <dt>Mean ± std</dt>
                <dd>
                  {number(numeric.mean, 'real')} ± {number(numeric.std, 'real')}
                </dd>
              </>
            ) : null}
            <dt>Median</dt>
            <dd>{number(numeric.quantiles.find((entry) => entry.q === 0.5)?.value, stats.type)}</dd>
          </>
        ) : null}
      </dl>
      {!numeric && stats.distinct === stats.count - stats.nulls ? (
        <p className="panel__text">Every value is different: there is no most frequent value to show.</p>
      ) : (
        <div
          className="chart"
          role="img"
          aria-label={numeric ? `Histogram of ${stats.name}` : `Most frequent values of ${stats.name}`}
        >
          <ResponsiveContainer width="100%" height={chartHeight}>
            {numeric ? (
              <BarChart data={chartData} margin={{ left: 0, right: 12, top: 4, bottom: 4 }}>
                <XAxis
                  dataKey="label"
                  fontSize={11}
                  stroke="var(--muted)"
                  interval="preserveStartEnd"
                  minTickGap={16}
                  tickLine={false}
                />
                <YAxis
                  width={44}
                  fontSize={11}
                  stroke="var(--muted)"
                  tickFormatter={(value: number) => COMPACT.format(value)}
                />
                <Tooltip
                  formatter={(value) => [Number(value).toLocaleString('en-US'), 'rows']}
                  labelFormatter={(label) => `from ${label}`}
                />
                <Bar dataKey="count" fill="var(--accent)" isAnimationActive={false} />
              </BarChart>
            ) : (
              <BarChart data={chartData} layout="vertical" margin={{ left: 0, right: 12, top: 4, bottom: 4 }}>
                <XAxis type="number" hide />
                <YAxis type="category" dataKey="label" width={110} fontSize={11} stroke="var(--muted)" />
                <Tooltip formatter={(value) => [Number(value).toLocaleString('en-US'), 'rows']} />
                <Bar dataKey="count" fill="var(--accent)" isAnimationActive={false} />
              </BarChart>
            )}
          </ResponsiveContainer>
        </div>
      )}
      {numeric?.sampled ? (
        <p className="panel__text">Quantiles and histogram from an even sample of the rows.</p>
      ) : null}
    </section>
  );
}

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FeatureDriftResult } from '../../../../shared/contract/serving.js';
import { formatMetric } from '../../models/metric-format.js';

/** A feature's distribution in the reference and in the live window, bin by bin, as shares of their rows. */
export function DriftHistogram({ result }: { result: FeatureDriftResult }) {
  const { labels, reference, live } = result.histogram;
  const data = labels.map((label, index) => ({
    label,
    reference: (reference[index] ?? 0) * 100,
    live: (live[index] ?? 0) * 100,
  }));
  return (
    <figure className="metric-chart" aria-label={`Distribution of ${result.feature}`}>
      <figcaption>
        {result.feature}: share of rows per {result.kind === 'numeric' ? 'range' : 'category'} (reference{' '}
        {result.referenceRows.toLocaleString('en-US')} rows, live {result.liveRows.toLocaleString('en-US')})
      </figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} margin={{ left: 0, right: 12, top: 4, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
          <XAxis dataKey="label" fontSize={11} interval="preserveStartEnd" />
          <YAxis fontSize={11} width={40} unit="%" />
          <Tooltip formatter={(value) => `${formatMetric(Number(value))}%`} cursor={{ fill: 'var(--hover)' }} />
          <Legend verticalAlign="top" height={22} iconSize={10} />
          <Bar dataKey="reference" name="reference" fill="#94a3b8" isAnimationActive={false} />
          <Bar dataKey="live" name="live" fill="var(--ml-engineer)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

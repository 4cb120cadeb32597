import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatMetric } from '../../models/metric-format.js';
import type { ChartSeries } from './monitoring-series.js';
import { timeTick } from './time-range.js';

const COLORS = ['#2563eb', '#d97706', '#dc2626', '#059669', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];

interface TimeChartProps {
  title: string;
  /** What the values count, shown on the y axis and in the tooltip (`ms`, `%`, `req/s`). */
  unit: string;
  rangeMinutes: number;
  /** One object per bucket: its `time` (epoch ms) and a value under each series' key. */
  points: object[];
  series: ChartSeries[];
  /** Stack the series as areas (counts per class), instead of lines. */
  stacked?: boolean;
}

/** Whether a value stands alone between empty buckets: a line cannot draw it, so it gets a dot. */
function isolated(points: object[], key: string, index: number): boolean {
  const value = (at: number) => (points[at] as Record<string, unknown> | undefined)?.[key];
  return (
    typeof value(index) === 'number' && typeof value(index - 1) !== 'number' && typeof value(index + 1) !== 'number'
  );
}

/** Series over the time range of the monitoring page, one point per bucket. */
export function TimeChart({ title, unit, rangeMinutes, points, series, stacked = false }: TimeChartProps) {
  const Chart = stacked ? AreaChart : LineChart;
  return (
    <figure className="metric-chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <Chart data={points} margin={{ left: 0, right: 12, top: 4, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(ms: number) => timeTick(ms, rangeMinutes)}
            fontSize={11}
            minTickGap={24}
          />
          <YAxis
            fontSize={11}
            width={48}
            tickFormatter={(value: number) => formatMetric(value)}
            unit={unit === '%' ? '%' : ''}
          />
          <Tooltip
            labelFormatter={(ms) => new Date(Number(ms)).toLocaleString()}
            formatter={(value) => (value === null ? 'none' : `${formatMetric(Number(value))} ${unit}`)}
          />
          {series.length > 1 || stacked ? <Legend verticalAlign="top" height={22} iconSize={10} /> : null}
          {series.map((entry, index) =>
            stacked ? (
              <Area
                key={entry.key}
                dataKey={entry.key}
                name={entry.name}
                stackId="all"
                stroke={COLORS[index % COLORS.length]}
                fill={COLORS[index % COLORS.length]}
                fillOpacity={0.35}
                isAnimationActive={false}
              />
            ) : (
              <Line
                key={entry.key}
                dataKey={entry.key}
                name={entry.name}
                stroke={COLORS[index % COLORS.length]}
                strokeWidth={2}
                dot={(props: { cx?: number; cy?: number; index?: number }) =>
                  props.cx !== undefined && props.cy !== undefined && isolated(points, entry.key, props.index ?? -1) ? (
                    <circle key={props.index} cx={props.cx} cy={props.cy} r={3} fill={COLORS[index % COLORS.length]} />
                  ) : (
                    <g key={props.index} />
                  )
                }
                isAnimationActive={false}
              />
            ),
          )}
        </Chart>
      </ResponsiveContainer>
    </figure>
  );
}

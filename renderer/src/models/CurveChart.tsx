import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface CurveSeries {
  name: string;
  points: { x: number; y: number }[];
}

interface CurveChartProps {
  title: string;
  xLabel: string;
  yLabel: string;
  series: CurveSeries[];
  /** Fix both axes to [0, 1] (ROC and PR curves). */
  unitSquare?: boolean;
  /** Draw the diagonal of a random classifier (ROC). */
  diagonal?: boolean;
}

const COLORS = ['#2563eb', '#d97706', '#059669', '#7c3aed'];

/** Lines over a shared x axis: ROC and PR curves, or the loss per iteration. */
export function CurveChart({ title, xLabel, yLabel, series, unitSquare, diagonal }: CurveChartProps) {
  const domain: [number, number] | undefined = unitSquare ? [0, 1] : undefined;
  return (
    <figure className="curve-chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart margin={{ left: 4, right: 16, top: 8, bottom: 16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            type="number"
            dataKey="x"
            domain={domain ?? ['dataMin', 'dataMax']}
            tickFormatter={(value: number) => Number(value.toPrecision(3)).toString()}
            label={{ value: xLabel, position: 'insideBottom', offset: -8, fontSize: 11 }}
            fontSize={11}
          />
          <YAxis
            type="number"
            domain={domain ?? ['auto', 'auto']}
            tickFormatter={(value: number) => Number(value.toPrecision(3)).toString()}
            label={{ value: yLabel, angle: -90, position: 'insideLeft', fontSize: 11 }}
            fontSize={11}
            width={60}
          />
          <Tooltip
            formatter={(value) => Number(Number(value).toPrecision(4))}
            labelFormatter={(x) => `${xLabel} ${Number(Number(x).toPrecision(4))}`}
          />
          {series.length > 1 ? <Legend verticalAlign="top" height={24} /> : null}
          {diagonal ? (
            <Line
              data={[
                { x: 0, y: 0 },
                { x: 1, y: 1 },
              ]}
              dataKey="y"
              stroke="var(--muted)"
              strokeDasharray="4 4"
              dot={false}
              legendType="none"
              isAnimationActive={false}
            />
          ) : null}
          {series.map((entry, index) => (
            <Line
              key={entry.name}
              name={entry.name}
              data={entry.points}
              dataKey="y"
              stroke={COLORS[index % COLORS.length]}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** ROC curves (one per series) in the unit square, beside the chance diagonal. */
export function RocChart({ title, series }: { title: string; series: CurveSeries[] }) {
  return (
    <CurveChart
      title={title}
      xLabel="false positive rate"
      yLabel="true positive rate"
      series={series}
      unitSquare
      diagonal
    />
  );
}

/** Precision–recall curves (one per series) in the unit square. */
export function PrecisionRecallChart({ title, series }: { title: string; series: CurveSeries[] }) {
  return <CurveChart title={title} xLabel="recall" yLabel="precision" series={series} unitSquare />;
}

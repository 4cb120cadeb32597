import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ProjectFacts } from '../../../../shared/contract/schemas.js';

const CHART_TABLES = 12;

/** Rows per table, largest first: where the data of the project sits at a glance. */
export function TablesChart({ tables }: { tables: ProjectFacts['tables'] }) {
  const data = [...tables].sort((a, b) => b.rows - a.rows).slice(0, CHART_TABLES);
  return (
    <div className="chart" role="img" aria-label={`Rows per table for ${data.length} tables`}>
      <ResponsiveContainer width="100%" height={Math.max(120, data.length * 32 + 40)}>
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 64, top: 8, bottom: 8 }}>
          <CartesianGrid horizontal={false} stroke="var(--border)" />
          <XAxis
            type="number"
            tickFormatter={(value: number) => value.toLocaleString('en-US')}
            stroke="var(--muted)"
            fontSize={12}
          />
          <YAxis
            type="category"
            dataKey="name"
            width={150}
            stroke="var(--muted)"
            fontSize={12}
            tickFormatter={(name: string) => (name.length > 22 ? `${name.slice(0, 21)}…` : name)}
          />
          <Tooltip
            formatter={(value) => [Number(value).toLocaleString('en-US'), 'rows']}
            cursor={{ fill: 'var(--hover)' }}
          />
          <Bar dataKey="rows" fill="var(--accent)" radius={[0, 4, 4, 0]} isAnimationActive={false}>
            <LabelList
              dataKey="rows"
              position="right"
              fontSize={12}
              fill="var(--muted)"
              formatter={(value) => Number(value).toLocaleString('en-US')}
            />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

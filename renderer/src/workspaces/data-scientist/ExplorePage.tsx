import type { TableStats } from '../../../../shared/contract/schemas.js';
import { ColumnStatsPanel } from '../../components/ColumnStatsPanel.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Panel } from '../../components/Panel.js';
import { SourcePicker } from '../../components/SourcePicker.js';
import { useTableStats, useTables } from '../../hooks/feature-queries.js';
import { useSelectedItem, useUiStore } from '../../state/ui-store.js';
import { useClient } from '../../transport/client-context.js';

/** Blue for positive, red for negative correlation, stronger with its size. */
function correlationColour(value: number | null): string {
  if (value === null) return 'var(--hover)';
  const alpha = Math.min(1, Math.abs(value)).toFixed(2);
  return value >= 0 ? `rgb(37 99 235 / ${alpha})` : `rgb(220 38 38 / ${alpha})`;
}

function CorrelationMatrix({ correlations }: { correlations: TableStats['correlations'] }) {
  const { columns, matrix } = correlations;
  if (columns.length < 2) return <p className="panel__text">Correlations need at least two numeric columns.</p>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll by keyboard
    <section className="correlation-scroll" aria-label="Correlation matrix, scrollable" tabIndex={0}>
      <table className="correlation" aria-label="Correlations between numeric columns">
        <thead>
          <tr>
            <td className="correlation__corner" />
            {columns.map((column) => (
              <th key={column} scope="col" className="correlation__label correlation__label--column" title={column}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, rowIndex) => (
            <tr key={columns[rowIndex]}>
              <th scope="row" className="correlation__label correlation__label--row" title={columns[rowIndex]}>
                {columns[rowIndex]}
              </th>
              {row.map((value, index) => (
                <td
                  key={columns[index]}
                  className="correlation__cell"
                  style={{ background: correlationColour(value) }}
                  title={`${columns[rowIndex]} × ${columns[index]}: ${value === null ? 'n/a' : value.toFixed(3)}`}
                >
                  {value === null ? '–' : value.toFixed(2)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function ExplorePage() {
  const _client = useClient();
  const tables = useTables().data;
  const selectItem = useUiStore((state) => state.selectItem);
  const chosen = useSelectedItem() ?? tables?.[0]?.name ?? '';
  const stats = useTableStats(chosen);

  return (
    <div className="page page--wide">
      <header className="page-header">
        <h1>Explore</h1>
        <p className="page-header__lead">
          Every column of a table or feature view at a glance: distributions, missing values, and how numeric columns
          move together.
        </p>
      </header>
      <div className="inline-fields">
        <SourcePicker value={chosen} onChange={(next) => selectItem(next || null)} />
        {stats.data ? <span className="panel__text">{stats.data.rowCount.toLocaleString('en-US')} rows</span> : null}
      </div>
      <ErrorMessage error={stats.error} />
      {stats.data ? (
        <>
          <div className="stats-grid">
            {stats.data.columns.map((column) => (
              <div key={column.name} className="panel">
                <ColumnStatsPanel stats={column} />
              </div>
            ))}
          </div>
          <Panel id="correlations" title="Correlations">
            <CorrelationMatrix correlations={stats.data.correlations} />
          </Panel>
        </>
      ) : (
        <p className="panel__text">{stats.isFetching ? 'Computing statistics…' : 'Choose a table to explore.'}</p>
      )}
    </div>
  );
}

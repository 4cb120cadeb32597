import { Table2 } from 'lucide-react';
import { useState } from 'react';
import type { DropTableOutcome } from '../../../../shared/contract/schemas.js';
import { ColumnStatsPanel } from '../../components/ColumnStatsPanel.js';
import { EmptyState } from '../../components/EmptyState.js';
import { GoToPageButton } from '../../components/GoToPageButton.js';
import { Panel } from '../../components/Panel.js';
import { SourcePicker } from '../../components/SourcePicker.js';
import { VirtualGrid } from '../../components/VirtualGrid.js';
import { useTableStats, useTables } from '../../hooks/feature-queries.js';
import { useSelectedItem, useUiStore } from '../../state/ui-store.js';
import { useClient } from '../../transport/client-context.js';
import { DroppedNotice, DropTableAction } from './DropTableAction.js';

export function TablesPage() {
  const tables = useTables().data;
  const chosen = useSelectedItem() ?? tables?.[0]?.name ?? '';
  // Kept here, above the browser of one table, so the notice outlives the table it names.
  const [dropped, setDropped] = useState<DropTableOutcome | null>(null);

  if (tables && tables.length === 0) {
    return (
      <div className="page">
        <header className="page-header">
          <h1>Tables</h1>
        </header>
        {dropped ? <DroppedNotice outcome={dropped} /> : null}
        <Panel id="no-tables" title="Tables">
          <EmptyState
            icon={Table2}
            title="No tables yet"
            action={<GoToPageButton page="import">Go to Import data</GoToPageButton>}
          >
            Import a CSV, NDJSON, Parquet or Arrow file to browse it here.
          </EmptyState>
        </Panel>
      </div>
    );
  }
  return (
    <div className="page page--wide">
      <header className="page-header">
        <h1>Tables</h1>
        <p className="page-header__lead">
          Browse any table or feature view. Click a column to sort it and see its statistics.
        </p>
      </header>
      {dropped ? <DroppedNotice outcome={dropped} /> : null}
      <TableBrowser key={chosen} source={chosen} onDropped={setDropped} />
    </div>
  );
}

/** One table's rows and column statistics; another table starts afresh, unfiltered. */
function TableBrowser({ source, onDropped }: { source: string; onDropped(outcome: DropTableOutcome): void }) {
  const _client = useClient();
  const selectItem = useUiStore((state) => state.selectItem);
  const table = useTables().data?.find((entry) => entry.name === source);
  const [filter, setFilter] = useState('');
  const [column, setColumn] = useState<string | null>(null);
  const stats = useTableStats(source);
  const columnStats = stats.data?.columns.find((entry) => entry.name === column) ?? stats.data?.columns[0];

  return (
    <>
      <div className="inline-fields">
        <SourcePicker value={source} onChange={(next) => selectItem(next || null)} />
        <label>
          Filter
          <input
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            placeholder="text in any column"
            aria-label="Filter rows"
          />
        </label>
        {table ? (
          <DropTableAction
            table={table}
            onDropped={(outcome) => {
              onDropped(outcome);
              selectItem(null);
            }}
          />
        ) : null}
      </div>
      <div className="tables-layout">
        <Panel id="rows" title={source || 'Rows'}>
          {source ? <VirtualGrid source={source} filter={filter} onColumnSelected={setColumn} /> : null}
        </Panel>
        <Panel id="column-stats" title="Column">
          {columnStats ? (
            <ColumnStatsPanel stats={columnStats} />
          ) : (
            <p className="panel__text">{stats.isFetching ? 'Computing statistics…' : 'Choose a table.'}</p>
          )}
        </Panel>
      </div>
    </>
  );
}

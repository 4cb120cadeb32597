import { Database, HardDrive, Layers, Table2, Upload } from 'lucide-react';
import { formatBytes } from '../../../../shared/format.js';
import { EmptyState } from '../../components/EmptyState.js';
import { FactCard } from '../../components/FactCard.js';
import { ServicePanel } from '../../components/ServicePanel.js';
import { useProjectFacts } from '../../hooks/queries.js';
import { useUiStore } from '../../state/ui-store.js';
import { HomeHeader } from './HomeHeader.js';
import { TablesChart } from './TablesChart.js';

export function DataEngineerHome() {
  const facts = useProjectFacts().data;
  const showPage = useUiStore((state) => state.showPage);
  const totalRows = facts?.tables.reduce((sum, table) => sum + table.rows, 0);

  return (
    <div className="page">
      <HomeHeader roleId="data-engineer" />
      <div className="fact-grid">
        <FactCard
          icon={Table2}
          label="Tables"
          value={facts?.tables.length}
          hint={totalRows === undefined ? undefined : `${totalRows.toLocaleString('en-US')} rows in all`}
        />
        <FactCard
          icon={Layers}
          label="Feature views"
          value={facts?.featureViews}
          hint={facts ? `${facts.featureServices} feature services` : undefined}
        />
        <FactCard
          icon={Database}
          label="Database"
          value={facts ? formatBytes(facts.databaseBytes) : undefined}
          hint={facts ? `schema version ${facts.schemaVersion}` : undefined}
        />
        <FactCard
          icon={HardDrive}
          label="Artifacts"
          value={facts ? formatBytes(facts.artifactsBytes) : undefined}
          hint={facts ? `${facts.artifactCount} files` : undefined}
        />
      </div>
      <div className="home-columns">
        <section className="panel" aria-labelledby="tables-heading">
          <h2 id="tables-heading" className="panel__title">
            Tables
          </h2>
          {facts && facts.tables.length > 0 ? (
            <TablesChart tables={facts.tables} />
          ) : (
            <EmptyState
              icon={Upload}
              title="No tables yet"
              action={
                <button type="button" className="button" onClick={() => showPage('import')}>
                  Go to Import data
                </button>
              }
            >
              Tables appear here as soon as data lands in this project.
            </EmptyState>
          )}
        </section>
        <ServicePanel />
      </div>
    </div>
  );
}

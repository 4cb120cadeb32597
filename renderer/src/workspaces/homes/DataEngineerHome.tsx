import { Database, Layers, ShieldCheck, Table2, Upload } from 'lucide-react';
import { formatBytes, formatCount } from '../../../../shared/format.js';
import { EmptyState } from '../../components/EmptyState.js';
import { FactCard } from '../../components/FactCard.js';
import { GoToPageButton } from '../../components/GoToPageButton.js';
import { Panel } from '../../components/Panel.js';
import { useProjectFacts } from '../../hooks/queries.js';
import { ArtifactsFactCard } from './ArtifactsFactCard.js';
import { HomeLayout } from './HomeLayout.js';
import { TablesChart } from './TablesChart.js';

export function DataEngineerHome() {
  const facts = useProjectFacts().data;
  const totalRows = facts?.tables.reduce((sum, table) => sum + table.rows, 0);

  return (
    <HomeLayout
      roleId="data-engineer"
      facts={
        <>
          <FactCard
            icon={Table2}
            label="Tables"
            value={facts?.tables.length}
            hint={totalRows === undefined ? undefined : `${formatCount(totalRows, 'row')} in all`}
          />
          <FactCard
            icon={Layers}
            label="Feature views"
            value={facts?.featureViews}
            hint={facts ? formatCount(facts.featureServices, 'feature service') : undefined}
          />
          <FactCard
            icon={ShieldCheck}
            label="Quality checks"
            value={
              facts ? (facts.checks.failing > 0 ? `${facts.checks.failing} failing` : facts.checks.total) : undefined
            }
            hint={
              facts
                ? facts.checks.failing > 0
                  ? `of ${facts.checks.total} checks`
                  : 'all passing when last run'
                : undefined
            }
          />
          <FactCard
            icon={Database}
            label="Database"
            value={facts ? formatBytes(facts.databaseBytes) : undefined}
            hint={facts ? `schema version ${facts.schemaVersion}` : undefined}
          />
          <ArtifactsFactCard facts={facts} />
        </>
      }
    >
      <Panel id="tables" title="Tables">
        {facts && facts.tables.length > 0 ? (
          <TablesChart tables={facts.tables} />
        ) : (
          <EmptyState
            icon={Upload}
            title="No tables yet"
            action={<GoToPageButton page="import">Go to Import data</GoToPageButton>}
          >
            Tables appear here as soon as data lands in this project.
          </EmptyState>
        )}
      </Panel>
    </HomeLayout>
  );
}

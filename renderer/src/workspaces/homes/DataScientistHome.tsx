import { FlaskConical, Layers, ListChecks, Rows3, Table2 } from 'lucide-react';
import { formatCount } from '../../../../shared/format.js';
import { EmptyState } from '../../components/EmptyState.js';
import { FactCard } from '../../components/FactCard.js';
import { GoToPageButton } from '../../components/GoToPageButton.js';
import { Panel } from '../../components/Panel.js';
import { useProjectFacts } from '../../hooks/queries.js';
import { HomeLayout } from './HomeLayout.js';

export function DataScientistHome() {
  const facts = useProjectFacts().data;

  return (
    <HomeLayout
      roleId="data-scientist"
      facts={
        <>
          <FactCard icon={Table2} label="Tables to explore" value={facts?.tables.length} />
          <FactCard
            icon={Layers}
            label="Feature services"
            value={facts?.featureServices}
            hint={facts ? formatCount(facts.featureViews, 'feature view') : undefined}
          />
          <FactCard icon={Rows3} label="Training sets" value={facts?.trainingSets} hint="point-in-time snapshots" />
          <FactCard icon={ListChecks} label="Runs" value={facts?.runs} />
          <FactCard icon={FlaskConical} label="Models trained" value={facts?.models} />
        </>
      }
    >
      <Panel id="runs" title="Recent runs">
        {facts && facts.runs > 0 ? (
          <p className="panel__text">{formatCount(facts.runs, 'run')} recorded in this project.</p>
        ) : (
          <EmptyState
            icon={FlaskConical}
            title="No runs yet"
            action={<GoToPageButton page="explore">Start by exploring the data</GoToPageButton>}
          >
            This build does not train models yet. Today you can explore tables and build point-in-time training sets;
            training runs and their metrics will be listed here once pipelines arrive.
          </EmptyState>
        )}
      </Panel>
    </HomeLayout>
  );
}

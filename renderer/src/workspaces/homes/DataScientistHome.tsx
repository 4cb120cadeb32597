import { FlaskConical, Layers, ListChecks, Rows3, Table2 } from 'lucide-react';
import { formatCount } from '../../../../shared/format.js';
import { FactCard } from '../../components/FactCard.js';
import { GoToPageButton } from '../../components/GoToPageButton.js';
import { Panel } from '../../components/Panel.js';
import { useProjectFacts } from '../../hooks/queries.js';
import { PipelinesOverview } from '../../pipelines/PipelinesOverview.js';
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
      <Panel id="pipelines" title="Pipelines and their last runs">
        <PipelinesOverview />
        <div className="inline-fields">
          <GoToPageButton page="pipelines">Open Pipelines</GoToPageButton>
          <GoToPageButton page="experiments">Compare runs in Experiments</GoToPageButton>
        </div>
      </Panel>
    </HomeLayout>
  );
}

import { FlaskConical, Layers, ListChecks, Table2 } from 'lucide-react';
import { EmptyState } from '../../components/EmptyState.js';
import { FactCard } from '../../components/FactCard.js';
import { ServicePanel } from '../../components/ServicePanel.js';
import { useProjectFacts } from '../../hooks/queries.js';
import { useUiStore } from '../../state/ui-store.js';
import { HomeHeader } from './HomeHeader.js';

export function DataScientistHome() {
  const facts = useProjectFacts().data;
  const showPage = useUiStore((state) => state.showPage);

  return (
    <div className="page">
      <HomeHeader roleId="data-scientist" />
      <div className="fact-grid">
        <FactCard icon={Table2} label="Tables to explore" value={facts?.tables.length} />
        <FactCard
          icon={Layers}
          label="Feature services"
          value={facts?.featureServices}
          hint={facts ? `${facts.featureViews} feature views` : undefined}
        />
        <FactCard icon={ListChecks} label="Runs" value={facts?.runs} />
        <FactCard icon={FlaskConical} label="Models trained" value={facts?.models} />
      </div>
      <div className="home-columns">
        <section className="panel" aria-labelledby="runs-heading">
          <h2 id="runs-heading" className="panel__title">
            Recent runs
          </h2>
          {facts && facts.runs > 0 ? (
            <p className="panel__text">{facts.runs} runs recorded in this project.</p>
          ) : (
            <EmptyState
              icon={FlaskConical}
              title="No runs yet"
              action={
                <button type="button" className="button" onClick={() => showPage('explore')}>
                  Start by exploring the data
                </button>
              }
            >
              Training runs and their metrics will be listed here.
            </EmptyState>
          )}
        </section>
        <ServicePanel />
      </div>
    </div>
  );
}

import { Boxes, ListChecks, Radar, Rocket, Server } from 'lucide-react';
import { formatCount } from '../../../../shared/format.js';
import { CopyButton } from '../../components/CopyButton.js';
import { FactCard } from '../../components/FactCard.js';
import { Panel } from '../../components/Panel.js';
import { useProjectFacts, useServices } from '../../hooks/queries.js';
import { PipelinesOverview } from '../../pipelines/PipelinesOverview.js';
import { isDriftAlert } from '../ml-engineer/drift-order.js';
import { useDriftReports, useServingStatus } from '../ml-engineer/serving-queries.js';
import { ArtifactsFactCard } from './ArtifactsFactCard.js';
import { HomeLayout } from './HomeLayout.js';

function CurlSnippet({ url }: { url: string }) {
  const command = `curl ${url}/v2/health/ready`;
  return (
    <div className="snippet">
      <code>{command}</code>
      <CopyButton text={command} label="Copy the command" />
    </div>
  );
}

/** How many deployments there are and how many answer; n/a when the backend cannot say. */
function DeploymentsFactCard() {
  const status = useServingStatus();
  const deployments = status.data?.deployments;
  const ready = deployments?.filter((deployment) => deployment.state === 'ready').length ?? 0;
  return (
    <FactCard
      icon={Rocket}
      label="Deployments"
      value={status.isError ? 'n/a' : deployments?.length}
      hint={deployments && deployments.length > 0 ? `${ready} ready` : 'none yet'}
    />
  );
}

/** The drift alerts among the recent drift reports. */
function DriftAlertsFactCard() {
  const reports = useDriftReports();
  return (
    <FactCard
      icon={Radar}
      label="Drift alerts"
      value={reports.isError ? 'n/a' : reports.data?.filter(isDriftAlert).length}
      hint={reports.data ? `in the last ${formatCount(reports.data.length, 'drift report')}` : undefined}
    />
  );
}

export function MlEngineerHome() {
  const facts = useProjectFacts().data;
  const modelServer = useServices().data?.find((service) => service.id === 'model-server');
  const url = modelServer?.state === 'up' ? modelServer.url : null;

  return (
    <HomeLayout
      roleId="ml-engineer"
      facts={
        <>
          <FactCard icon={Boxes} label="Models" value={facts?.models} />
          <FactCard
            icon={Server}
            label="Model server"
            value={modelServer?.state ?? undefined}
            hint={url ?? modelServer?.error ?? undefined}
          />
          <DeploymentsFactCard />
          <DriftAlertsFactCard />
          <FactCard icon={ListChecks} label="Runs" value={facts?.runs} />
          <ArtifactsFactCard facts={facts} />
        </>
      }
    >
      <Panel id="serving" title="Serving">
        {url ? (
          <>
            <p className="panel__text">
              The model server answers the Open Inference Protocol v2 at {url}. Check it from a terminal:
            </p>
            <CurlSnippet url={url} />
          </>
        ) : null}
        {url ? null : <p className="panel__text">The model server is not up: see its state in the status bar.</p>}
      </Panel>
      <Panel id="pipelines" title="Pipelines">
        <PipelinesOverview />
      </Panel>
    </HomeLayout>
  );
}

import { Boxes, Copy, ListChecks, Server } from 'lucide-react';
import { useState } from 'react';
import { FactCard } from '../../components/FactCard.js';
import { Panel } from '../../components/Panel.js';
import { useProjectFacts, useServices } from '../../hooks/queries.js';
import { PipelinesOverview } from '../../pipelines/PipelinesOverview.js';
import { ArtifactsFactCard } from './ArtifactsFactCard.js';
import { HomeLayout } from './HomeLayout.js';

function CurlSnippet({ url }: { url: string }) {
  const [copied, setCopied] = useState(false);
  const command = `curl ${url}/v2/health/ready`;
  return (
    <div className="snippet">
      <code>{command}</code>
      <button
        type="button"
        className="button button--ghost"
        aria-label="Copy the command"
        title="Copy the command"
        onClick={() => void navigator.clipboard?.writeText(command).then(() => setCopied(true))}
      >
        <Copy size={14} aria-hidden /> {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
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

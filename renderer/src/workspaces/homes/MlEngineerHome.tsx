import { Boxes, Copy, HardDrive, ListChecks, Server } from 'lucide-react';
import { useState } from 'react';
import { formatBytes } from '../../../../shared/format.js';
import { EmptyState } from '../../components/EmptyState.js';
import { FactCard } from '../../components/FactCard.js';
import { ServicePanel } from '../../components/ServicePanel.js';
import { useProjectFacts, useServices } from '../../hooks/queries.js';
import { HomeHeader } from './HomeHeader.js';

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
    <div className="page">
      <HomeHeader roleId="ml-engineer" />
      <div className="fact-grid">
        <FactCard icon={Boxes} label="Models" value={facts?.models} />
        <FactCard
          icon={Server}
          label="Model server"
          value={modelServer?.state ?? undefined}
          hint={url ?? modelServer?.error ?? undefined}
        />
        <FactCard icon={ListChecks} label="Runs" value={facts?.runs} />
        <FactCard
          icon={HardDrive}
          label="Artifacts"
          value={facts ? formatBytes(facts.artifactsBytes) : undefined}
          hint={facts ? `${facts.artifactCount} files` : undefined}
        />
      </div>
      <div className="home-columns">
        <section className="panel" aria-labelledby="serving-heading">
          <h2 id="serving-heading" className="panel__title">
            Serving
          </h2>
          {url ? (
            <>
              <p className="panel__text">
                The model server answers the Open Inference Protocol v2 at {url}. Check it from a terminal:
              </p>
              <CurlSnippet url={url} />
            </>
          ) : null}
          <EmptyState icon={Boxes} title="No models registered">
            Models trained in a pipeline or imported as ONNX files will be listed here with their versions and aliases.
          </EmptyState>
        </section>
        <ServicePanel />
      </div>
    </div>
  );
}

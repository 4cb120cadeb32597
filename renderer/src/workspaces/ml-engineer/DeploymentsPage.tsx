import { Rocket } from 'lucide-react';
import { CopyButton } from '../../components/CopyButton.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Panel } from '../../components/Panel.js';
import { useSelectedItem, useUiStore } from '../../state/ui-store.js';
import { DeployForm } from './DeployForm.js';
import { DeploymentDetail } from './DeploymentDetail.js';
import { DeploymentsTable } from './DeploymentsTable.js';
import { useServingStatus } from './serving-queries.js';

function ServerLine({ url, tokenRequired }: { url: string | null; tokenRequired: boolean }) {
  if (!url) return <p className="panel__text">The model server is not up: see its state in the status bar.</p>;
  return (
    <div className="inline-fields server-line">
      <span>
        The model server answers the Open Inference Protocol v2 at <code>{url}</code>
      </span>
      <CopyButton text={url} label="Copy the model server's URL" />
      <span className={`badge ${tokenRequired ? 'badge--starting' : ''}`}>
        {tokenRequired ? 'needs Authorization: Bearer <token>' : 'no token needed'}
      </span>
    </div>
  );
}

/** Deploy registered models to the local model server, watch their state, and call them. */
export function DeploymentsPage() {
  const status = useServingStatus();
  const selected = useSelectedItem();
  const selectItem = useUiStore((state) => state.selectItem);
  const deployments = status.data?.deployments ?? [];
  const shown = deployments.find((deployment) => deployment.reference === selected) ?? deployments[0];

  return (
    <div className="page page--wide">
      <header className="page-header">
        <h1>Deployments</h1>
        <p className="page-header__lead">
          Serve a registered model from the local ONNX model server: its newest version, the version an alias points at
          (the deployment follows the alias when it moves), or one version. Each deployment batches its requests and
          logs its predictions for monitoring and drift.
        </p>
      </header>
      <ErrorMessage error={status.error} />
      {status.data ? (
        <Panel id="model-server" title="Model server">
          <ServerLine url={status.data.url} tokenRequired={status.data.tokenRequired} />
        </Panel>
      ) : null}
      <Panel id="deploy" title="Deploy a model">
        <DeployForm onDeployed={selectItem} />
      </Panel>
      {status.isError ? null : (
        <Panel id="deployments" title={status.data ? `Deployments (${deployments.length})` : 'Deployments'}>
          {status.isPending ? <p className="muted">Loading the deployments…</p> : null}
          {status.isSuccess && deployments.length === 0 ? (
            <EmptyState icon={Rocket} title="Nothing deployed yet">
              Deploy a model above; it appears here with its URL, a curl command and a form to try it.
            </EmptyState>
          ) : null}
          {deployments.length > 0 ? (
            <DeploymentsTable deployments={deployments} shown={shown?.reference} onShow={selectItem} />
          ) : null}
        </Panel>
      )}
      {shown ? (
        <Panel
          id="deployment"
          title={`${shown.reference}${shown.version === null ? '' : ` (version ${shown.version})`}`}
        >
          <DeploymentDetail deployment={shown} tokenRequired={status.data?.tokenRequired ?? false} />
        </Panel>
      ) : null}
    </div>
  );
}

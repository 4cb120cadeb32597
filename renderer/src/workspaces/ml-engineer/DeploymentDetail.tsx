import type { ModelVersion } from '../../../../shared/contract/schemas.js';
import type { Deployment } from '../../../../shared/contract/serving.js';
import { formatCount } from '../../../../shared/format.js';
import { CopyButton } from '../../components/CopyButton.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useModelVersion } from '../../hooks/model-queries.js';
import { ByEntityForm } from './ByEntityForm.js';
import { DeploymentState } from './DeploymentState.js';
import { curlCommand, exampleRequest, inferRequest } from './oip-request.js';
import { TryItForm } from './TryItForm.js';
import { useTrainingRow } from './training-row.js';

function CurlSnippet({ url, version, tokenRequired }: { url: string; version: ModelVersion; tokenRequired: boolean }) {
  // The curl command asks what the try-it form first shows: a training row, else placeholder values.
  const row = useTrainingRow(version).row;
  const fromRow = row ? inferRequest(version.signature.inputs, row).request : null;
  const command = curlCommand(url, fromRow ?? exampleRequest(version.signature.inputs), tokenRequired);
  return (
    <div className="curl-snippet">
      <pre className="snippet-block">{command}</pre>
      <CopyButton text={command} label="Copy the curl command" />
    </div>
  );
}

/** How to call one deployment: its state and settings, a curl command, and forms that send it a row or an entity. */
export function DeploymentDetail({ deployment, tokenRequired }: { deployment: Deployment; tokenRequired: boolean }) {
  const version = useModelVersion(
    deployment.version === null ? undefined : `${deployment.model}:${deployment.version}`,
  );
  const { settings } = deployment;
  const service = version.data?.card.featureService;
  return (
    <div className="deployment-detail">
      <p className="panel__text">
        <DeploymentState state={deployment.state} /> · deployed {new Date(deployment.deployedAt).toLocaleString()} ·
        batches of up to {formatCount(settings.maxBatchRows, 'row')},{' '}
        {settings.batchWindowMicros === 0
          ? 'without waiting for more'
          : `waiting ${settings.batchWindowMicros.toLocaleString('en-US')} µs for more`}{' '}
        · at most {formatCount(settings.maxConcurrency, 'request')} in flight
      </p>
      {deployment.error ? <p className="form-error">{deployment.error}</p> : null}
      <ErrorMessage error={version.error} />
      {version.data && deployment.url ? (
        <>
          <h3 className="subheading">Call it from a terminal</h3>
          <CurlSnippet url={deployment.url} version={version.data} tokenRequired={tokenRequired} />
          <h3 className="subheading">Try it</h3>
          <TryItForm key={deployment.reference} reference={deployment.reference} version={version.data} />
          {service ? (
            <>
              <h3 className="subheading">By entity id (features from {service})</h3>
              <ByEntityForm
                key={deployment.reference}
                reference={deployment.reference}
                version={version.data}
                service={service}
              />
            </>
          ) : null}
        </>
      ) : null}
      {deployment.state === 'loading' ? <p className="muted">Loading the model; it answers once ready.</p> : null}
    </div>
  );
}

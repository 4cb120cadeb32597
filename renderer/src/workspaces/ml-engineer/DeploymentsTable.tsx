import { useState } from 'react';
import type { Deployment } from '../../../../shared/contract/serving.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { CopyButton } from '../../components/CopyButton.js';
import { TableHead } from '../../components/TableHead.js';
import { useMethodMutation } from '../../hooks/queries.js';
import { DeploymentState } from './DeploymentState.js';

function UndeployButton({ reference }: { reference: string }) {
  const [asking, setAsking] = useState(false);
  const undeploy = useMethodMutation('serving.undeploy');
  return (
    <>
      <button type="button" className="button button--ghost" onClick={() => setAsking(true)}>
        Undeploy
      </button>
      <ConfirmDialog
        open={asking}
        title={`Undeploy ${reference}?`}
        confirmLabel={`Undeploy ${reference}`}
        pending={undeploy.isPending}
        error={undeploy.error}
        onConfirm={() => undeploy.mutate({ reference }, { onSuccess: () => setAsking(false) })}
        onCancel={() => setAsking(false)}
      >
        Requests in flight finish; later ones to its URL are refused with 404. Its logged predictions and drift reports
        stay.
      </ConfirmDialog>
    </>
  );
}

/** The deployments with their state and URL; choosing one shows how to call it. */
export function DeploymentsTable({
  deployments,
  shown,
  onShow,
}: {
  deployments: Deployment[];
  shown: string | undefined;
  onShow(reference: string): void;
}) {
  return (
    <table className="data-grid" aria-label="Deployments">
      <TableHead columns={['Reference', 'Version served', 'State', 'Loaded at', 'URL', '']} />
      <tbody>
        {deployments.map((deployment) => (
          <tr key={deployment.reference} aria-selected={deployment.reference === shown}>
            <td>
              <button type="button" className="link-button" onClick={() => onShow(deployment.reference)}>
                {deployment.reference}
              </button>
            </td>
            <td>{deployment.version === null ? '—' : `v${deployment.version}`}</td>
            <td title={deployment.error ?? undefined}>
              <DeploymentState state={deployment.state} />
              {deployment.error ? <span className="muted"> · {deployment.error}</span> : null}
            </td>
            <td>{deployment.loadedAt ? new Date(deployment.loadedAt).toLocaleString() : '—'}</td>
            <td className="deployments__url">
              {deployment.url ? (
                <div>
                  <code title={deployment.url}>{deployment.url}</code>
                  <CopyButton text={deployment.url} label={`Copy the URL of ${deployment.reference}`} />
                </div>
              ) : (
                '—'
              )}
            </td>
            <td>
              <UndeployButton reference={deployment.reference} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

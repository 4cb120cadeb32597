import type { Deployment } from '../../../../shared/contract/serving.js';
import { ServiceStateDot } from '../../components/ServiceStateDot.js';

const DOT = { loading: 'starting', ready: 'up', failed: 'failed' } as const;

/** A deployment's state as a coloured dot and its word. */
export function DeploymentState({ state }: { state: Deployment['state'] }) {
  return (
    <span className="deployment-state">
      <ServiceStateDot state={DOT[state]} /> {state}
    </span>
  );
}

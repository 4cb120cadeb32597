import type { ServiceStateName } from '../../../shared/services.js';

export function ServiceStateDot({ state }: { state: ServiceStateName }) {
  return <span className={`state-dot state-dot--${state}`} aria-hidden />;
}

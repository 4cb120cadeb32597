export const SERVICE_IDS = ['feature-store', 'pipeline-runner', 'model-server'] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

export const SERVICE_LABELS: Record<ServiceId, string> = {
  'feature-store': 'Feature store',
  'pipeline-runner': 'Pipeline runner',
  'model-server': 'Model server',
};

export const SERVICE_STATES = ['stopped', 'starting', 'up', 'failed'] as const;
export type ServiceStateName = (typeof SERVICE_STATES)[number];

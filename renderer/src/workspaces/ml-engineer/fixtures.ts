import type { ModelCard, ModelVersion } from '../../../../shared/contract/schemas.js';
import type { Deployment } from '../../../../shared/contract/serving.js';

/** A served churn classifier over two inputs, for the pages' tests. */
export const CHURN_CARD: ModelCard = {
  algorithm: 'gbdt',
  task: 'binary',
  parameters: {},
  metrics: {},
  trainMetrics: {},
  confusion: null,
  rocCurve: [],
  prCurve: [],
  importances: [],
  history: [],
  classes: ['stays', 'churns'],
  features: ['tenure', 'plan'],
  label: 'churned',
  trainingTable: 'customers',
  trainingSetId: null,
  featureService: null,
  trainingDataHash: null,
  trainingRows: 100,
  validationRows: 20,
};

export const CHURN_V3: ModelVersion = {
  name: 'churn',
  version: 3,
  artifact: 'models/churn/3.onnx',
  contentHash: 'abc',
  bytes: 1024,
  signature: {
    inputs: [
      { name: 'tenure', datatype: 'FP64', shape: [-1, 1] },
      { name: 'plan', datatype: 'BYTES', shape: [-1, 1] },
    ],
    outputs: [
      { name: 'label', datatype: 'BYTES', shape: [-1] },
      { name: 'probabilities', datatype: 'FP64', shape: [-1, 2] },
    ],
    irVersion: 8,
    opsets: { '': 17 },
    producer: 'triad',
    metadata: {},
  },
  card: CHURN_CARD,
  tags: {},
  description: '',
  runId: null,
  createdAt: '2026-01-02T10:00:00.000Z',
  aliases: ['prod'],
};

export const CHURN_PROD: Deployment = {
  reference: 'churn@prod',
  model: 'churn',
  version: 3,
  state: 'ready',
  error: null,
  settings: { maxBatchRows: 64, batchWindowMicros: 0, maxConcurrency: 1024 },
  url: 'http://127.0.0.1:8618/v2/models/churn/versions/prod',
  deployedAt: '2026-01-02T11:00:00.000Z',
  loadedAt: '2026-01-02T11:00:01.000Z',
};

import type { RoleId } from '../../../shared/roles.js';

export interface PageDefinition {
  id: string;
  label: string;
  /** What the page is for, shown on its empty state. */
  purpose: string;
}

export interface WorkspaceDefinition {
  role: RoleId;
  tagline: string;
  pages: PageDefinition[];
}

const HOME: PageDefinition = { id: 'home', label: 'Home', purpose: '' };

export const WORKSPACES: Record<RoleId, WorkspaceDefinition> = {
  'data-engineer': {
    role: 'data-engineer',
    tagline: 'Bring data in, define features, keep them fresh and correct.',
    pages: [
      HOME,
      {
        id: 'import',
        label: 'Import data',
        purpose:
          'Import CSV, NDJSON, Parquet and Arrow files into typed tables, with a preview, an editable schema and a quarantine for bad rows.',
      },
      {
        id: 'tables',
        label: 'Tables',
        purpose: 'Browse every table of the project in a fast grid, with sorting, filtering and column statistics.',
      },
      {
        id: 'feature-views',
        label: 'Feature views',
        purpose:
          'Declare entities and feature views as SQL with event timestamps and TTL, then group them in feature services.',
      },
      {
        id: 'materialization',
        label: 'Materialization',
        purpose: 'Copy the latest feature values per entity into the online store, by time range or incrementally.',
      },
      {
        id: 'quality',
        label: 'Data quality',
        purpose:
          'Checks on tables and feature views (not null, ranges, uniqueness, freshness) and their results after each load.',
      },
      {
        id: 'lineage',
        label: 'Lineage',
        purpose:
          'Which files made which tables, which tables feed which feature views, which training sets used them, and which models were trained on them.',
      },
    ],
  },
  'data-scientist': {
    role: 'data-scientist',
    tagline: 'Explore data, build training sets, train and compare models.',
    pages: [
      HOME,
      {
        id: 'explore',
        label: 'Explore',
        purpose: 'Column statistics, histograms and correlations for any table or feature view.',
      },
      {
        id: 'training-sets',
        label: 'Training sets',
        purpose: 'Point-in-time-correct training sets from an entity table and a feature service.',
      },
      {
        id: 'train',
        label: 'Train',
        purpose: 'Train a model on a table or training set, watch it learn, and read its metrics and curves.',
      },
      {
        id: 'models',
        label: 'Models',
        purpose: 'Registered models and their versions, cards, aliases and comparisons; import ONNX files.',
      },
      {
        id: 'pipelines',
        label: 'Pipelines',
        purpose: 'Training and evaluation codified as a re-runnable pipeline, drawn as a graph with each step’s state.',
      },
      {
        id: 'experiments',
        label: 'Experiments',
        purpose: 'Every run with its parameters and metrics; compare runs side by side with charts.',
      },
    ],
  },
  'ml-engineer': {
    role: 'ml-engineer',
    tagline: 'Version, serve and watch models; retrain when the world drifts.',
    pages: [
      HOME,
      {
        id: 'registry',
        label: 'Model registry',
        purpose: 'Models and their versions, signatures, lineage and aliases such as champion and challenger.',
      },
      {
        id: 'deployments',
        label: 'Deployments',
        purpose: 'Deploy a model version to the local ONNX model server and try it from a form.',
      },
      {
        id: 'monitoring',
        label: 'Monitoring',
        purpose: 'Requests per second, latency percentiles, errors and prediction distributions over time.',
      },
      {
        id: 'drift',
        label: 'Drift',
        purpose: 'Per-feature drift between live inputs and the training set, with alerts and a retrain action.',
      },
    ],
  },
};

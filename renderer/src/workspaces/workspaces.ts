import type { RoleId } from '../../../shared/roles.js';

export interface PageDefinition {
  id: string;
  label: string;
}

export interface WorkspaceDefinition {
  role: RoleId;
  tagline: string;
  pages: PageDefinition[];
}

const HOME: PageDefinition = { id: 'home', label: 'Home' };

export const WORKSPACES: Record<RoleId, WorkspaceDefinition> = {
  'data-engineer': {
    role: 'data-engineer',
    tagline: 'Bring data in, define features, keep them fresh and correct.',
    pages: [
      HOME,
      {
        id: 'import',
        label: 'Import data',
      },
      {
        id: 'tables',
        label: 'Tables',
      },
      {
        id: 'feature-views',
        label: 'Feature views',
      },
      {
        id: 'materialization',
        label: 'Materialization',
      },
      {
        id: 'quality',
        label: 'Data quality',
      },
      {
        id: 'lineage',
        label: 'Lineage',
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
      },
      {
        id: 'training-sets',
        label: 'Training sets',
      },
      {
        id: 'train',
        label: 'Train',
      },
      {
        id: 'models',
        label: 'Models',
      },
      {
        id: 'pipelines',
        label: 'Pipelines',
      },
      {
        id: 'experiments',
        label: 'Experiments',
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
      },
      {
        id: 'deployments',
        label: 'Deployments',
      },
      {
        id: 'monitoring',
        label: 'Monitoring',
      },
      {
        id: 'drift',
        label: 'Drift',
      },
    ],
  },
};

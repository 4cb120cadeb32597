import { type ComponentType, lazy, Suspense } from 'react';
import type { RoleId } from '../../../shared/roles.js';
import { pageKey, useUiStore } from '../state/ui-store.js';
import { FeatureViewsPage } from './data-engineer/FeatureViewsPage.js';
import { ImportPage } from './data-engineer/ImportPage.js';
import { LineagePage } from './data-engineer/LineagePage.js';
import { MaterializationPage } from './data-engineer/MaterializationPage.js';
import { QualityPage } from './data-engineer/QualityPage.js';
import { TablesPage } from './data-engineer/TablesPage.js';
import { ExperimentsPage } from './data-scientist/ExperimentsPage.js';
import { ExplorePage } from './data-scientist/ExplorePage.js';
import { TrainingSetsPage } from './data-scientist/TrainingSetsPage.js';
import { TrainPage } from './data-scientist/TrainPage.js';
import { DataEngineerHome } from './homes/DataEngineerHome.js';
import { DataScientistHome } from './homes/DataScientistHome.js';
import { MlEngineerHome } from './homes/MlEngineerHome.js';
import { DeploymentsPage } from './ml-engineer/DeploymentsPage.js';
import { DriftPage } from './ml-engineer/DriftPage.js';
import { MonitoringPage } from './ml-engineer/MonitoringPage.js';
import { ModelsPage } from './models/ModelsPage.js';

// The code editor is large and only this page uses it: it loads when the page is first opened.
const PipelinesPage = lazy(async () => ({
  default: (await import('./data-scientist/PipelinesPage.js')).PipelinesPage,
}));

/** Every page of every workspace but the homes, by `role/page`. */
const PAGES: Partial<Record<string, ComponentType>> = {
  'data-engineer/import': ImportPage,
  'data-engineer/tables': TablesPage,
  'data-engineer/feature-views': FeatureViewsPage,
  'data-engineer/materialization': MaterializationPage,
  'data-engineer/quality': QualityPage,
  'data-engineer/lineage': LineagePage,
  'data-scientist/explore': ExplorePage,
  'data-scientist/training-sets': TrainingSetsPage,
  'data-scientist/train': TrainPage,
  'data-scientist/models': ModelsPage,
  'data-scientist/pipelines': PipelinesPage,
  'data-scientist/experiments': ExperimentsPage,
  'ml-engineer/registry': ModelsPage,
  'ml-engineer/deployments': DeploymentsPage,
  'ml-engineer/monitoring': MonitoringPage,
  'ml-engineer/drift': DriftPage,
};

const HOMES: Record<RoleId, ComponentType> = {
  'data-engineer': DataEngineerHome,
  'data-scientist': DataScientistHome,
  'ml-engineer': MlEngineerHome,
};

export function WorkspaceView() {
  const role = useUiStore((state) => state.role);
  const pageId = useUiStore((state) => state.pageByRole[state.role]);
  const Page = PAGES[pageKey(role, pageId)] ?? HOMES[role];

  return (
    <main
      id="workspace"
      role="tabpanel"
      aria-labelledby={`role-tab-${role}`}
      className={`workspace workspace--${role}`}
      data-role={role}
    >
      <Suspense fallback={<p className="panel__text">Loading the page…</p>}>
        <Page />
      </Suspense>
    </main>
  );
}

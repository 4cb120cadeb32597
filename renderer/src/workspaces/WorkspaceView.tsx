import type { ComponentType } from 'react';
import type { RoleId } from '../../../shared/roles.js';
import { useUiStore } from '../state/ui-store.js';
import { DataEngineerHome } from './homes/DataEngineerHome.js';
import { DataScientistHome } from './homes/DataScientistHome.js';
import { MlEngineerHome } from './homes/MlEngineerHome.js';
import { PlannedPage } from './PlannedPage.js';
import { WORKSPACES } from './workspaces.js';

const HOMES: Record<RoleId, ComponentType> = {
  'data-engineer': DataEngineerHome,
  'data-scientist': DataScientistHome,
  'ml-engineer': MlEngineerHome,
};

export function WorkspaceView() {
  const role = useUiStore((state) => state.role);
  const pageId = useUiStore((state) => state.pageByRole[state.role]);
  const page = WORKSPACES[role].pages.find((candidate) => candidate.id === pageId);
  const Home = HOMES[role];

  return (
    <main
      id="workspace"
      role="tabpanel"
      aria-labelledby={`role-tab-${role}`}
      className={`workspace workspace--${role}`}
      data-role={role}
    >
      {!page || page.id === 'home' ? <Home /> : <PlannedPage page={page} />}
    </main>
  );
}

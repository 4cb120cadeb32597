import { ROLES, type RoleId } from '../../../../shared/roles.js';
import { useProject } from '../../hooks/queries.js';
import { WORKSPACES } from '../workspaces.js';

export function HomeHeader({ roleId }: { roleId: RoleId }) {
  const project = useProject();
  const label = ROLES.find((candidate) => candidate.id === roleId)?.label;
  return (
    <header className="page-header">
      <div className="page-header__eyebrow">{project.data?.name ?? 'Loading project…'}</div>
      <h1>{label} home</h1>
      <p className="page-header__lead">{WORKSPACES[roleId].tagline}</p>
    </header>
  );
}

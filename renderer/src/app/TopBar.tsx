import { ChevronDown, Triangle } from 'lucide-react';
import { useEffect } from 'react';
import { useProject } from '../hooks/queries.js';
import { JobsButton } from '../jobs/JobsButton.js';
import { useUiStore } from '../state/ui-store.js';
import { MOD_KEY_LABEL } from './platform.js';
import { RoleSwitcher } from './RoleSwitcher.js';

export function TopBar() {
  const project = useProject().data;
  const setProjectDialogOpen = useUiStore((state) => state.setProjectDialogOpen);

  useEffect(() => {
    document.title = project ? `${project.name} — Triad` : 'Triad';
  }, [project]);

  return (
    <header className="top-bar">
      <div className="top-bar__brand">
        <Triangle size={18} aria-hidden className="top-bar__logo" />
        Triad
      </div>
      <button
        type="button"
        className="project-button"
        onClick={() => setProjectDialogOpen(true)}
        title={`${project?.path ?? ''} (${MOD_KEY_LABEL}+O to switch)`}
        aria-label={`Project: ${project?.name ?? 'loading'}. Switch project`}
        aria-keyshortcuts="Control+O Meta+O"
      >
        <span className="project-button__name" data-testid="project-name">
          {project?.name ?? 'Loading…'}
        </span>
        <ChevronDown size={14} aria-hidden />
      </button>
      <RoleSwitcher />
      <JobsButton />
    </header>
  );
}

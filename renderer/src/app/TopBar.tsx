import { ChevronDown, PackageOpen, Share2, Triangle } from 'lucide-react';
import { useEffect } from 'react';
import { BUNDLE_SHORTCUTS } from '../../../shared/desktop-bridge.js';
import { useProject } from '../hooks/queries.js';
import { JobsButton } from '../jobs/JobsButton.js';
import { useUiStore } from '../state/ui-store.js';
import { MOD_KEY_LABEL } from './platform.js';
import { RoleSwitcher } from './RoleSwitcher.js';

export function TopBar() {
  const project = useProject().data;
  const setProjectDialogOpen = useUiStore((state) => state.setProjectDialogOpen);
  const setSharing = useUiStore((state) => state.setSharing);
  const setBundleImportOpen = useUiStore((state) => state.setBundleImportOpen);

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
      <button
        type="button"
        className="top-bar__action"
        aria-label="Share pipeline"
        onClick={() => setSharing({ pipeline: null })}
        title={`Share a pipeline as a bundle file (${MOD_KEY_LABEL}+Shift+${BUNDLE_SHORTCUTS.share})`}
        aria-keyshortcuts={`Control+Shift+${BUNDLE_SHORTCUTS.share} Meta+Shift+${BUNDLE_SHORTCUTS.share}`}
      >
        <Share2 size={15} aria-hidden /> <span className="top-bar__action-label">Share pipeline</span>
      </button>
      <button
        type="button"
        className="top-bar__action"
        aria-label="Import bundle"
        onClick={() => setBundleImportOpen(true)}
        title={`Import a pipeline bundle (${MOD_KEY_LABEL}+Shift+${BUNDLE_SHORTCUTS.import})`}
        aria-keyshortcuts={`Control+Shift+${BUNDLE_SHORTCUTS.import} Meta+Shift+${BUNDLE_SHORTCUTS.import}`}
      >
        <PackageOpen size={15} aria-hidden /> <span className="top-bar__action-label">Import bundle</span>
      </button>
      <JobsButton />
    </header>
  );
}

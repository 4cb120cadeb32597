import { ImportDialog } from '../bundles/ImportDialog.js';
import { ShareDialog } from '../bundles/ShareDialog.js';
import { useSettings } from '../hooks/queries.js';
import { useBackendEvents } from '../hooks/use-backend-events.js';
import { JobsPanel } from '../jobs/JobsPanel.js';
import { WorkspaceView } from '../workspaces/WorkspaceView.js';
import { ProjectDialog } from './ProjectDialog.js';
import { Sidebar } from './Sidebar.js';
import { StatusBar } from './StatusBar.js';
import { TopBar } from './TopBar.js';
import { useAddressSync } from './use-address-sync.js';
import { useShortcuts } from './use-shortcuts.js';
import { useUnsavedWarning } from './use-unsaved-warning.js';

export function App() {
  const settings = useSettings();
  useBackendEvents();
  useShortcuts();
  useUnsavedWarning();
  useAddressSync(settings.data?.role);

  if (settings.isError) {
    return (
      <div className="splash" role="alert">
        <h1>Triad cannot reach its backend</h1>
        <p>{settings.error.message}</p>
        <button type="button" className="button button--primary" onClick={() => void settings.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  if (!settings.data) {
    return (
      <div className="splash" aria-busy="true">
        <p>Starting Triad…</p>
      </div>
    );
  }
  return (
    <div className="app">
      <TopBar />
      <div className="app__body">
        <Sidebar />
        <WorkspaceView />
      </div>
      <StatusBar />
      <ProjectDialog />
      <ShareDialog />
      <ImportDialog />
      <JobsPanel />
    </div>
  );
}

import { useEffect } from 'react';
import { BUNDLE_SHORTCUTS, type MenuCommand } from '../../../shared/desktop-bridge.js';
import { ROLES } from '../../../shared/roles.js';
import { useSwitchRole } from '../hooks/use-switch-role.js';
import { useUiStore } from '../state/ui-store.js';
import { desktopBridge } from '../transport/desktop-transport.js';

/** Opens a dialog of the app shell, as a menu command or its shortcut asks. */
function openDialog(kind: Exclude<MenuCommand['kind'], 'switch-role'>): void {
  const ui = useUiStore.getState();
  if (kind === 'open-projects') ui.setProjectDialogOpen(true);
  else if (kind === 'share-pipeline') ui.setSharing({ pipeline: null });
  else ui.setBundleImportOpen(true);
}

/** The dialog Ctrl/Cmd+Shift+KEY opens, if any. */
function shiftedShortcut(event: KeyboardEvent): 'share-pipeline' | 'import-bundle' | null {
  const key = event.key.toUpperCase();
  if (key === BUNDLE_SHORTCUTS.share) return 'share-pipeline';
  if (key === BUNDLE_SHORTCUTS.import) return 'import-bundle';
  return null;
}

/**
 * Ctrl/Cmd+1/2/3 switch workspaces; Ctrl/Cmd+O opens the project dialog; Ctrl/Cmd+J shows or hides the jobs;
 * Ctrl/Cmd+Shift+E shares a pipeline and Ctrl/Cmd+Shift+L imports a bundle. In the desktop app the menu owns
 * these accelerators (but Ctrl/Cmd+J) and sends the same commands.
 */
export function useShortcuts(): void {
  const switchRole = useSwitchRole();

  useEffect(() => {
    return desktopBridge()?.onMenuCommand((command) => {
      if (command.kind === 'switch-role') switchRole(command.role);
      else openDialog(command.kind);
    });
  }, [switchRole]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      if (event.shiftKey) {
        const dialog = shiftedShortcut(event);
        if (dialog) {
          event.preventDefault();
          openDialog(dialog);
        }
        return;
      }
      const role = ROLES.find((candidate) => candidate.shortcut === event.key);
      if (role) {
        event.preventDefault();
        switchRole(role.id);
      } else if (event.key.toLowerCase() === 'o') {
        event.preventDefault();
        openDialog('open-projects');
      } else if (event.key.toLowerCase() === 'j') {
        event.preventDefault();
        const { jobsPanelOpen, setJobsPanelOpen } = useUiStore.getState();
        setJobsPanelOpen(!jobsPanelOpen);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [switchRole]);
}

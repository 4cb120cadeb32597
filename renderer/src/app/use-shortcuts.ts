import { useEffect } from 'react';
import { ROLES } from '../../../shared/roles.js';
import { useSwitchRole } from '../hooks/use-switch-role.js';
import { useUiStore } from '../state/ui-store.js';
import { desktopBridge } from '../transport/desktop-transport.js';

/**
 * Ctrl/Cmd+1/2/3 switch workspaces; Ctrl/Cmd+O opens the project dialog; Ctrl/Cmd+J shows or hides the jobs. In the desktop app
 * the menu owns these accelerators and sends the same commands.
 */
export function useShortcuts(): void {
  const switchRole = useSwitchRole();

  useEffect(() => {
    return desktopBridge()?.onMenuCommand((command) => {
      if (command.kind === 'switch-role') switchRole(command.role);
      else useUiStore.getState().setProjectDialogOpen(true);
    });
  }, [switchRole]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const role = ROLES.find((candidate) => candidate.shortcut === event.key);
      if (role) {
        event.preventDefault();
        switchRole(role.id);
      } else if (event.key.toLowerCase() === 'o') {
        event.preventDefault();
        useUiStore.getState().setProjectDialogOpen(true);
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

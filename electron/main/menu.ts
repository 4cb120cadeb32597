import { BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import { BUNDLE_SHORTCUTS, IPC_CHANNELS, type MenuCommand } from '../../shared/desktop-bridge.js';
import { ROLES } from '../../shared/roles.js';

function send(command: MenuCommand): void {
  BrowserWindow.getFocusedWindow()?.webContents.send(IPC_CHANNELS.menuCommand, command);
}

/** Back and Forward move through the places the user visited, as the browser's buttons do in web mode. */
function historyItems(isMac: boolean): MenuItemConstructorOptions[] {
  const history = () => BrowserWindow.getFocusedWindow()?.webContents.navigationHistory;
  return [
    {
      label: 'Back',
      accelerator: isMac ? 'Cmd+[' : 'Alt+Left',
      click: () => {
        if (history()?.canGoBack()) history()?.goBack();
      },
    },
    {
      label: 'Forward',
      accelerator: isMac ? 'Cmd+]' : 'Alt+Right',
      click: () => {
        if (history()?.canGoForward()) history()?.goForward();
      },
    },
  ];
}

export function buildMenu(isMac: boolean): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open or Create Project…', accelerator: 'CmdOrCtrl+O', click: () => send({ kind: 'open-projects' }) },
        { type: 'separator' },
        {
          label: 'Share Pipeline…',
          accelerator: `CmdOrCtrl+Shift+${BUNDLE_SHORTCUTS.share}`,
          click: () => send({ kind: 'share-pipeline' }),
        },
        {
          label: 'Import Bundle…',
          accelerator: `CmdOrCtrl+Shift+${BUNDLE_SHORTCUTS.import}`,
          click: () => send({ kind: 'import-bundle' }),
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...ROLES.map<MenuItemConstructorOptions>((role) => ({
          label: role.label,
          accelerator: `CmdOrCtrl+${role.shortcut}`,
          click: () => send({ kind: 'switch-role', role: role.id }),
        })),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: 'Go', submenu: historyItems(isMac) },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}

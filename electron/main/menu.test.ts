import type { MenuItemConstructorOptions } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/** The focused window's history and what the menu asked of it; Electron itself cannot run in the tests. */
const window = vi.hoisted(() => ({
  calls: [] as string[],
  canGoBack: true,
  canGoForward: false,
  sent: [] as unknown[],
}));

vi.mock('electron', () => ({
  BrowserWindow: {
    getFocusedWindow: () => ({
      webContents: {
        send: (_channel: string, command: unknown) => window.sent.push(command),
        navigationHistory: {
          canGoBack: () => window.canGoBack,
          canGoForward: () => window.canGoForward,
          goBack: () => window.calls.push('back'),
          goForward: () => window.calls.push('forward'),
        },
      },
    }),
  },
  Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => template },
}));

const { buildMenu } = await import('./menu.js');

function item(isMac: boolean, menu: string, label: string): MenuItemConstructorOptions {
  const template = buildMenu(isMac) as unknown as MenuItemConstructorOptions[];
  const submenu = template.find((entry) => entry.label === menu)?.submenu as MenuItemConstructorOptions[];
  const found = submenu.find((entry) => entry.label === label);
  if (!found) throw new Error(`no ${menu} > ${label}`);
  return found;
}

const click = (entry: MenuItemConstructorOptions) => (entry.click as () => void)();

beforeEach(() => {
  window.calls = [];
  window.sent = [];
});

describe('application menu', () => {
  it('goes back and forward through the places the user visited', () => {
    window.canGoBack = true;
    window.canGoForward = true;
    click(item(false, 'Go', 'Back'));
    click(item(false, 'Go', 'Forward'));
    expect(window.calls).toEqual(['back', 'forward']);
  });

  it('does nothing at either end of the history', () => {
    window.canGoBack = false;
    window.canGoForward = false;
    click(item(false, 'Go', 'Back'));
    click(item(false, 'Go', 'Forward'));
    expect(window.calls).toEqual([]);
  });

  it('uses each platform’s own shortcuts for history', () => {
    expect(item(false, 'Go', 'Back').accelerator).toBe('Alt+Left');
    expect(item(true, 'Go', 'Forward').accelerator).toBe('Cmd+]');
  });

  it('switches workspace from the View menu', () => {
    click(item(false, 'View', 'Data scientist'));
    expect(window.sent).toEqual([{ kind: 'switch-role', role: 'data-scientist' }]);
  });

  it('opens the bundle dialogs from the File menu, with shortcuts that leave the developer tools’ Ctrl+Shift+I alone', () => {
    click(item(false, 'File', 'Share Pipeline…'));
    click(item(false, 'File', 'Import Bundle…'));
    expect(window.sent).toEqual([{ kind: 'share-pipeline' }, { kind: 'import-bundle' }]);
    expect(item(false, 'File', 'Share Pipeline…').accelerator).toBe('CmdOrCtrl+Shift+E');
    expect(item(false, 'File', 'Import Bundle…').accelerator).toBe('CmdOrCtrl+Shift+L');
  });
});

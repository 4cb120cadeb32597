import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Menu, session } from 'electron';
import { registerAppScheme, serveRendererOverAppScheme } from './app-protocol.js';
import { BackendProcess } from './backend-process.js';
import { chooseHostSqlite } from './electron-sqlite.js';
import { registerIpc } from './ipc.js';
import { createMainWindow } from './main-window.js';
import { buildMenu } from './menu.js';
import { chooseModelPort } from './model-port.js';
import { applySecurityBaseline } from './security.js';

const distPath = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

// Every renderer sandboxed, whatever a window's webPreferences say; possible only before ready.
app.enableSandbox();
if (process.env.TRIAD_HOME) app.setPath('userData', process.env.TRIAD_HOME);
registerAppScheme();

const sqlite = chooseHostSqlite({
  isPackaged: app.isPackaged,
  appRoot: app.getAppPath(),
  abi: process.versions.modules,
  exists: existsSync,
});
const modelPort = chooseModelPort(process.env);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else if (sqlite.kind === 'missing') {
  dialog.showErrorBox('Triad cannot open projects', sqlite.message);
  app.exit(1);
} else if ('problem' in modelPort) {
  dialog.showErrorBox('Triad cannot start', modelPort.problem);
  app.exit(1);
} else {
  const backend = new BackendProcess({
    entry: distPath('electron/backend/utility-process-entry.js'),
    appDataDir: app.getPath('userData'),
    modelPort: modelPort.port,
    sqliteBinding: sqlite.kind === 'prepared' ? sqlite.binding : undefined,
    onFatal: (message) => {
      dialog.showErrorBox('Triad’s backend stopped', message);
      app.quit();
    },
  });
  const openWindow = () => createMainWindow(distPath('electron/preload/index.cjs'));

  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  let backendStopped = false;
  app.on('before-quit', (event) => {
    if (backendStopped) return;
    // Let the backend close the project database cleanly before the process ends.
    event.preventDefault();
    void backend.stop().finally(() => {
      backendStopped = true;
      app.quit();
    });
  });

  void app.whenReady().then(async () => {
    applySecurityBaseline(session.defaultSession);
    serveRendererOverAppScheme(distPath('renderer'));
    Menu.setApplicationMenu(buildMenu(process.platform === 'darwin'));
    registerIpc(backend);
    openWindow();
    await backend.start().catch(() => {});
  });
}

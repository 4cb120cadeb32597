import { BrowserWindow, dialog } from 'electron';
import { APP_ORIGIN } from './trusted-sender.js';

export function createMainWindow(preload: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'Triad',
    show: false,
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  // The renderer refuses to unload while edits are unsaved; Electron shows no prompt of its own.
  window.webContents.on('will-prevent-unload', (event) => {
    const leave = dialog.showMessageBoxSync(window, {
      type: 'question',
      buttons: ['Leave', 'Stay'],
      defaultId: 1,
      cancelId: 1,
      message: 'Leave with unsaved edits?',
      detail: 'Feature definitions edited but not applied will be lost.',
    });
    if (leave === 0) event.preventDefault();
  });
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { BrowserWindow, dialog, type IpcMainEvent, type IpcMainInvokeEvent, ipcMain, shell } from 'electron';
import { IPC_CHANNELS } from '../../shared/desktop-bridge.js';
import type { BackendProcess } from './backend-process.js';
import { isTrustedSender } from './trusted-sender.js';

function refuse(channel: string, event: IpcMainEvent | IpcMainInvokeEvent): void {
  console.warn(`refused ${channel} from untrusted sender ${event.senderFrame?.url ?? '(gone)'}`);
}

/** The only IPC the shell accepts, each checked against the sender before anything runs. */
export function registerIpc(backend: BackendProcess): void {
  ipcMain.on(IPC_CHANNELS.connect, (event) => {
    if (!isTrustedSender(event)) return refuse(IPC_CHANNELS.connect, event);
    backend.connect(event.sender);
  });

  ipcMain.handle(IPC_CHANNELS.pickFolder, async (event, purpose: unknown) => {
    if (!isTrustedSender(event)) {
      refuse(IPC_CHANNELS.pickFolder, event);
      return null;
    }
    const window = BrowserWindow.fromWebContents(event.sender);
    const options: Electron.OpenDialogOptions = {
      title: purpose === 'create' ? 'Choose a folder for the new project' : 'Open a Triad project',
      properties: purpose === 'create' ? ['openDirectory', 'createDirectory', 'promptToCreate'] : ['openDirectory'],
    };
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  });

  ipcMain.handle(IPC_CHANNELS.pickDataFile, async (event) => {
    if (!isTrustedSender(event)) {
      refuse(IPC_CHANNELS.pickDataFile, event);
      return null;
    }
    const window = BrowserWindow.fromWebContents(event.sender);
    const options: Electron.OpenDialogOptions = {
      title: 'Choose a file to import',
      properties: ['openFile'],
      filters: [
        {
          name: 'Data files',
          extensions: ['csv', 'tsv', 'txt', 'ndjson', 'jsonl', 'parquet', 'arrow', 'feather', 'ipc'],
        },
        { name: 'All files', extensions: ['*'] },
      ],
    };
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  });

  ipcMain.handle(IPC_CHANNELS.pickSaveFile, async (event, suggestedPath: unknown) => {
    if (!isTrustedSender(event)) {
      refuse(IPC_CHANNELS.pickSaveFile, event);
      return null;
    }
    const window = BrowserWindow.fromWebContents(event.sender);
    const options: Electron.SaveDialogOptions = {
      title: 'Share the pipeline as a bundle',
      buttonLabel: 'Export',
      ...(typeof suggestedPath === 'string' ? { defaultPath: suggestedPath } : {}),
      filters: [{ name: 'Triad bundles', extensions: ['triad'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  });

  // Only selects an existing file in the file manager: nothing is opened or run.
  ipcMain.handle(IPC_CHANNELS.showInFolder, (event, path: unknown) => {
    if (!isTrustedSender(event)) {
      refuse(IPC_CHANNELS.showInFolder, event);
      return false;
    }
    if (typeof path !== 'string' || !isAbsolute(path) || !existsSync(path) || !statSync(path).isFile()) return false;
    shell.showItemInFolder(path);
    return true;
  });
}

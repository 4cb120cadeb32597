import type { EventMessage } from './contract/events.js';
import type { Reply } from './contract/wire.js';
import type { RoleId } from './roles.js';

/** A DOM File, named structurally because shared/ has no DOM types. */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
}

/** Commands the desktop app's menu sends to the window it is focused on. */
export type MenuCommand =
  | { kind: 'open-projects' }
  | { kind: 'switch-role'; role: RoleId }
  | { kind: 'share-pipeline' }
  | { kind: 'import-bundle' };

/**
 * The keys that, with Ctrl/Cmd+Shift, open the bundle dialogs, in the menu and in web mode alike.
 * Import is not I: Ctrl+Shift+I opens the browser's developer tools in web mode.
 */
export const BUNDLE_SHORTCUTS = { share: 'E', import: 'L' } as const;

/**
 * The one object the preload exposes to the sandboxed renderer (as window.triadDesktop).
 * It carries contract calls and events, and the few things only the desktop shell can do.
 */
export interface DesktopBridge {
  invoke(method: string, input: unknown): Promise<Reply>;
  subscribe(listener: (event: EventMessage) => void): () => void;
  pickFolder(purpose: 'open' | 'create'): Promise<string | null>;
  /** A data file to import, chosen in the system dialog. */
  pickDataFile(): Promise<string | null>;
  /** Where to write a pipeline bundle, chosen in the system's Save dialog starting at the suggested path. */
  pickSaveFile(suggestedPath: string): Promise<string | null>;
  /** Where a file dropped on the window or picked in a file input (a DOM File) lives on disk. */
  pathOfFile(file: DroppedFile): string;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** Shows a file (a run's artifact) selected in the system's file manager; false when it is not there. */
  showInFolder(path: string): Promise<boolean>;
}

export const DESKTOP_BRIDGE_KEY = 'triadDesktop';

/** IPC channel names between the preload and the Electron main process. */
export const IPC_CHANNELS = {
  connect: 'triad:connect',
  port: 'triad:port',
  pickFolder: 'triad:pick-folder',
  pickDataFile: 'triad:pick-data-file',
  pickSaveFile: 'triad:pick-save-file',
  menuCommand: 'triad:menu-command',
  showInFolder: 'triad:show-in-folder',
} as const;

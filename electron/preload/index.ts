import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createPortTransport } from '../../shared/client/port-transport.js';
import type { EventMessage } from '../../shared/contract/events.js';
import type { PortMessage, Reply } from '../../shared/contract/wire.js';
import { DESKTOP_BRIDGE_KEY, type DesktopBridge, IPC_CHANNELS, type MenuCommand } from '../../shared/desktop-bridge.js';

type PortTransport = ReturnType<typeof createPortTransport>;

const eventListeners = new Set<(event: EventMessage) => void>();
let transport: PortTransport | null = null;
let currentPort: MessagePort | null = null;
let markConnected: (transport: PortTransport) => void = () => {};
let connected = new Promise<PortTransport>((resolve) => {
  markConnected = resolve;
});

// The main process sends a new port at start and after every backend restart.
ipcRenderer.on(IPC_CHANNELS.port, (event) => {
  const port = event.ports[0];
  if (!port) return;
  transport?.failPending('the backend restarted; try again');
  currentPort?.close();
  currentPort = port;
  const next = createPortTransport(port);
  port.onmessage = (message: MessageEvent<PortMessage>) => next.receive(message.data);
  port.start();
  next.subscribe((backendEvent) => {
    for (const listener of eventListeners) listener(backendEvent);
  });
  if (transport) connected = Promise.resolve(next);
  transport = next;
  markConnected(next);
});
ipcRenderer.send(IPC_CHANNELS.connect);

const bridge: DesktopBridge = {
  async invoke(method, input): Promise<Reply> {
    const current = await connected;
    return current.send(method as never, input);
  },
  subscribe(listener) {
    eventListeners.add(listener);
    return () => eventListeners.delete(listener);
  },
  async pickFolder(purpose) {
    const path: unknown = await ipcRenderer.invoke(IPC_CHANNELS.pickFolder, purpose);
    return typeof path === 'string' ? path : null;
  },
  async pickDataFile() {
    const path: unknown = await ipcRenderer.invoke(IPC_CHANNELS.pickDataFile);
    return typeof path === 'string' ? path : null;
  },
  async pickSaveFile(suggestedPath) {
    const path: unknown = await ipcRenderer.invoke(IPC_CHANNELS.pickSaveFile, suggestedPath);
    return typeof path === 'string' ? path : null;
  },
  pathOfFile: (file) => webUtils.getPathForFile(file as File),
  async showInFolder(path) {
    return (await ipcRenderer.invoke(IPC_CHANNELS.showInFolder, path)) === true;
  },
  onMenuCommand(listener) {
    const relay = (_event: unknown, command: MenuCommand) => listener(command);
    ipcRenderer.on(IPC_CHANNELS.menuCommand, relay);
    return () => ipcRenderer.off(IPC_CHANNELS.menuCommand, relay);
  },
};

contextBridge.exposeInMainWorld(DESKTOP_BRIDGE_KEY, bridge);

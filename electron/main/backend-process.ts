import { MessageChannelMain, type UtilityProcess, utilityProcess, type WebContents } from 'electron';
import { IPC_CHANNELS } from '../../shared/desktop-bridge.js';
import {
  APP_DATA_ARG,
  type BackendToHost,
  type HostToBackend,
  MODEL_PORT_ARG,
  SQLITE_BINDING_ENV,
} from '../backend/host-messages.js';
import { BackendWorkers } from './backend-workers.js';

const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

export interface BackendProcessOptions {
  entry: string;
  appDataDir: string;
  /** The model server's port when the user chose one; otherwise the default, which gives way when taken. */
  modelPort: number | undefined;
  /** better-sqlite3 built for Electron's ABI; undefined when the app's own copy already is (packaged). */
  sqliteBinding: string | undefined;
  onFatal(message: string): void;
}

/** The utility process's environment: the shell's own, naming exactly the SQLite binary chosen here. */
export function backendEnvironment(base: NodeJS.ProcessEnv, sqliteBinding: string | undefined): NodeJS.ProcessEnv {
  const { [SQLITE_BINDING_ENV]: _inherited, ...env } = base;
  return sqliteBinding ? { ...env, [SQLITE_BINDING_ENV]: sqliteBinding } : env;
}

/**
 * Runs the backend in a utility process so native code (SQLite, onnxruntime) can never take a
 * window down, restarts it when it crashes, and hands each window a fresh port to it.
 */
export class BackendProcess {
  private child: UtilityProcess | null = null;
  /** The child once it has said it is ready; null while it starts or after it exits. */
  private readyChild: UtilityProcess | null = null;
  private readonly clients = new Set<WebContents>();
  private restarts: number[] = [];
  private stopping = false;

  constructor(private readonly options: BackendProcessOptions) {}

  start(): Promise<void> {
    const env = backendEnvironment(process.env, this.options.sqliteBinding);
    const child = utilityProcess.fork(
      this.options.entry,
      [
        APP_DATA_ARG,
        this.options.appDataDir,
        ...(this.options.modelPort === undefined ? [] : [MODEL_PORT_ARG, String(this.options.modelPort)]),
      ],
      {
        serviceName: 'Triad backend',
        stdio: 'inherit',
        env,
      },
    );
    this.child = child;
    this.readyChild = null;
    const workers = new BackendWorkers(child, this.options.entry, env);
    const ready = new Promise<void>((resolve, reject) => {
      child.on('message', (message: BackendToHost) => {
        if (message.kind === 'ready') resolve();
        else if (message.kind === 'fatal') reject(new Error(message.message));
        else workers.handle(message);
      });
    });
    child.on('exit', (code) => {
      workers.endAll();
      this.onExit(child, code);
    });
    ready.then(
      () => {
        this.readyChild = child;
        for (const contents of this.clients) this.sendPort(child, contents);
      },
      (error: Error) => this.options.onFatal(error.message),
    );
    return ready;
  }

  private onExit(child: UtilityProcess, code: number): void {
    if (child === this.readyChild) this.readyChild = null;
    if (this.stopping || child !== this.child) return;
    const now = Date.now();
    this.restarts = [...this.restarts.filter((at) => now - at < RESTART_WINDOW_MS), now];
    if (this.restarts.length > MAX_RESTARTS) {
      this.options.onFatal(
        `the backend crashed more than ${MAX_RESTARTS} times within a minute (last exit code ${code})`,
      );
      return;
    }
    void this.start();
  }

  /** Registers a window; it gets a port now if the backend is ready, else as soon as it is (and after every restart). */
  connect(contents: WebContents): void {
    if (!this.clients.has(contents)) {
      this.clients.add(contents);
      contents.once('destroyed', () => this.clients.delete(contents));
    }
    if (this.readyChild) this.sendPort(this.readyChild, contents);
  }

  private sendPort(child: UtilityProcess, contents: WebContents): void {
    if (contents.isDestroyed()) return;
    const { port1, port2 } = new MessageChannelMain();
    const message: HostToBackend = { kind: 'connect' };
    child.postMessage(message, [port1]);
    contents.postMessage(IPC_CHANNELS.port, null, [port2]);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill();
        resolve();
      }, 5_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      const message: HostToBackend = { kind: 'shutdown' };
      child.postMessage(message);
    });
  }
}

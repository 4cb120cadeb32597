import { startBackend } from './backend.js';
import { type HostPort, launchThroughHost } from './host-launcher.js';
import { APP_DATA_ARG, MODEL_PORT_ARG } from './host-messages.js';
import { DEFAULT_MODEL_SERVER } from './services/model-server-service.js';
import { serveChannel } from './transports/port-server.js';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const parentPort = (process as unknown as { parentPort?: HostPort }).parentPort;
if (!parentPort) throw new Error('this entry runs only as an Electron utility process; use `triad serve` under Node');

const appDataDir = argument(APP_DATA_ARG);
const modelPort = argument(MODEL_PORT_ARG);

try {
  if (!appDataDir) throw new Error(`the backend needs ${APP_DATA_ARG}`);
  const backend = await startBackend({
    appDataDir,
    runtime: 'electron',
    modelServer:
      modelPort === undefined
        ? DEFAULT_MODEL_SERVER
        : { ...DEFAULT_MODEL_SERVER, port: Number(modelPort), anyPortIfBusy: false },
    logger: { info: console.log, warn: console.warn, error: console.error },
    launchProcess: launchThroughHost(parentPort),
  });
  parentPort.on('message', ({ data, ports }) => {
    if (data.kind === 'shutdown') {
      void backend.close().then(() => process.exit(0));
      return;
    }
    const port = ports[0];
    if (data.kind !== 'connect' || !port) return;
    serveChannel(backend, {
      onMessage: (listener) => port.on('message', (event) => listener(event.data)),
      onClose: (listener) => port.on('close', listener),
      post: (message) => port.postMessage(message),
    });
    port.start();
  });
  parentPort.postMessage({ kind: 'ready' });
} catch (error) {
  parentPort.postMessage({ kind: 'fatal', message: (error as Error).message });
  process.exit(1);
}

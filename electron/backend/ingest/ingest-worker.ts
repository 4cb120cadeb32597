import { parentPort, workerData } from 'node:worker_threads';
import { connectDatabase } from '../db/project-folder.js';
import { errorBody } from '../error-body.js';
import type { WorkerMessage } from './import-worker-messages.js';
import { type IngestRequest, ingestFile } from './ingest.js';

/** Runs one import off the backend's event loop; the parent may post 'cancel' at any time. */
const { dbFile, request } = workerData as { dbFile: string; request: IngestRequest };
const port = parentPort;
if (!port) throw new Error('ingest-worker runs only as a worker thread');
const controller = new AbortController();
port.on('message', (message: unknown) => {
  if (message === 'cancel') controller.abort();
});

const post = (message: WorkerMessage) => port.postMessage(message);
try {
  const result = await ingestFile(
    dbFile,
    request,
    { signal: controller.signal, onProgress: (progress) => post({ kind: 'progress', progress }) },
    connectDatabase,
  );
  post({ kind: 'done', result });
} catch (error) {
  post({
    kind: 'failed',
    error: errorBody(error),
  });
}
port.close();

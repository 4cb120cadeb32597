import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { ImportOutcome } from '../../../shared/contract/schemas.js';
import type { EventBus } from '../contract/event-bus.js';
import { connectDatabase } from '../db/project-folder.js';
import { errorBody } from '../error-body.js';
import type { JobRunner } from '../jobs/task-runner.js';
import type { WorkerMessage } from './import-worker-messages.js';
import { IngestCancelled, type IngestRequest, ingestFile } from './ingest.js';

const CANCEL_GRACE_MS = 5_000;

interface RunningImport {
  cancel(): void;
}

/** Starts imports, relays their progress as events, and cancels them on request. */
export class ImportJobs {
  private readonly running = new Map<string, RunningImport>();

  constructor(
    private readonly bus: EventBus,
    private readonly runner: JobRunner,
  ) {}

  start(dbFile: string, request: IngestRequest): string {
    const jobId = randomUUID();
    const started = Date.now();
    const finish = (outcome: Omit<ImportOutcome, 'jobId' | 'table' | 'mode' | 'durationMs'>) => {
      this.running.delete(jobId);
      this.bus.emit('imports.finished', {
        jobId,
        table: request.table,
        mode: request.mode,
        durationMs: Date.now() - started,
        ...outcome,
      });
    };
    const failed = (code: string, message: string) =>
      finish({
        status: code === 'cancelled' ? 'cancelled' : 'failed',
        created: false,
        rowsImported: 0,
        rowsQuarantined: 0,
        quarantine: [],
        checks: [],
        error: message,
      });
    const onMessage = (message: WorkerMessage) => {
      if (message.kind === 'progress')
        this.bus.emit('imports.progress', { jobId, table: request.table, progress: message.progress });
      else if (message.kind === 'done') finish({ status: 'succeeded', error: null, ...message.result });
      else failed(message.error.code, message.error.message);
    };

    if (this.runner === 'worker') {
      const worker = new Worker(new URL('./ingest-worker.js', import.meta.url), { workerData: { dbFile, request } });
      let settled = false;
      worker.on('message', (message: WorkerMessage) => {
        if (message.kind !== 'progress') settled = true;
        onMessage(message);
      });
      worker.on('error', (error) => {
        settled = true;
        failed('internal', error.message);
      });
      let cancelRequested = false;
      worker.on('exit', (code) => {
        if (settled) return;
        if (cancelRequested) failed('cancelled', new IngestCancelled().message);
        else failed('internal', `the import stopped unexpectedly (worker exit code ${code})`);
      });
      this.running.set(jobId, {
        cancel: () => {
          cancelRequested = true;
          worker.postMessage('cancel');
          // A reader stuck in a long synchronous step never sees the message: stop the thread.
          // Its transaction was never committed, so the table stays as it was.
          setTimeout(() => {
            if (!settled) void worker.terminate();
          }, CANCEL_GRACE_MS).unref();
        },
      });
    } else {
      const controller = new AbortController();
      this.running.set(jobId, { cancel: () => controller.abort() });
      void ingestFile(
        dbFile,
        request,
        { signal: controller.signal, onProgress: (progress) => onMessage({ kind: 'progress', progress }) },
        connectDatabase,
      ).then(
        (result) => onMessage({ kind: 'done', result }),
        (error: unknown) =>
          onMessage({
            kind: 'failed',
            error: errorBody(error),
          }),
      );
    }
    return jobId;
  }

  cancel(jobId: string): boolean {
    const job = this.running.get(jobId);
    job?.cancel();
    return job !== undefined;
  }
}

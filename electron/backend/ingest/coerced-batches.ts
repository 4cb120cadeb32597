import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ErrorBody, TriadError } from '../../../shared/contract/errors.js';
import { type CoercedBatch, coerceBatch, type ImportedColumn } from './coerce-batch.js';
import type { RecordBatch, SourceFormat, SourceShare } from './record-source.js';
import type { CsvOptions } from './sources/csv-source.js';

/** Batches of a file, typed for the table, in file order; null once the file is done. */
export interface CoercedBatches {
  next(): Promise<CoercedBatch | null>;
  close(): Promise<void>;
}

/** What a reader thread needs to read a file again and type its batches the same way. */
export interface CoercingReaderSpec {
  file: string;
  format: SourceFormat;
  csv: CsvOptions | undefined;
  batchRows: number;
  /** The parts of the file this reader reads. */
  share: SourceShare;
  /** Batches at the start of its share that were already handled. */
  skipBatches: number;
  nullTokens: string[];
}

/** The importer's messages to the reader: the columns to type (once, when the schema is settled), then requests for more batches. */
export type ImporterMessage = { kind: 'columns'; imported: ImportedColumn[] } | { kind: 'more' };

export type CoercingReaderMessage =
  | { kind: 'batch'; batch: CoercedBatch }
  | { kind: 'end' }
  | { kind: 'failed'; error: ErrorBody };

/** Batches the reader may have ready before the importer asks for more: enough to cover a Parquet row group's decoding. */
export const READ_AHEAD = 32;

/** A file that cannot be read as its format is bad input, whatever the reader threw. */
export function readerError(error: unknown): TriadError {
  if (error instanceof TriadError) return error;
  return new TriadError('invalid_input', error instanceof Error ? error.message : String(error));
}

/** Reads and types batches on this thread, between the inserts. */
export function coercedInThisThread(
  batches: AsyncIterator<RecordBatch>,
  imported: readonly ImportedColumn[],
  nullTokens: ReadonlySet<string>,
): CoercedBatches {
  return {
    async next() {
      let next: IteratorResult<RecordBatch>;
      try {
        next = await batches.next();
      } catch (error) {
        throw readerError(error);
      }
      return next.done ? null : coerceBatch(next.value, imported, nullTokens);
    },
    close: async () => {},
  };
}

const READER_FILE = new URL('./coercing-reader-worker.js', import.meta.url);

/** Whether the reader thread's code is built (it is in the app and the CLI; not when running TypeScript sources). */
export const READER_THREAD_AVAILABLE = existsSync(fileURLToPath(READER_FILE));

export interface ReaderThread {
  /** Starts typing batches as `imported` says; the thread has been reading the file since it started. */
  typeWith(imported: ImportedColumn[]): CoercedBatches;
  close(): Promise<void>;
}

/**
 * Reads and types batches on a worker thread while this thread inserts the previous ones: the
 * file's parsing and the inserts into SQLite then take a core each. The thread starts reading
 * before the schema is settled, so its first batches are ready when the inserts begin.
 */
export function startReaderThread(spec: CoercingReaderSpec): ReaderThread {
  const worker = new Worker(READER_FILE, { workerData: spec });
  const arrived: (CoercedBatch | null | TriadError)[] = [];
  let wake: (() => void) | null = null;
  let ended = false;
  const deliver = (item: CoercedBatch | null | TriadError) => {
    arrived.push(item);
    wake?.();
    wake = null;
  };
  worker.on('message', (message: CoercingReaderMessage) => {
    if (message.kind === 'batch') deliver(message.batch);
    else if (message.kind === 'end') {
      ended = true;
      deliver(null);
    } else deliver(TriadError.fromBody(message.error));
  });
  worker.on('error', (error) => deliver(readerError(error)));
  worker.on('exit', (code) => {
    if (!ended) deliver(new TriadError('internal', `the file reader stopped unexpectedly (exit code ${code})`));
  });
  const post = (message: ImporterMessage) => worker.postMessage(message);
  const close = async () => {
    ended = true;
    await worker.terminate();
  };
  return {
    typeWith(imported) {
      post({ kind: 'columns', imported });
      return {
        async next() {
          while (arrived.length === 0) await new Promise<void>((resolve) => (wake = resolve));
          const item = arrived.shift() ?? null;
          if (item instanceof TriadError) throw item;
          if (item) post({ kind: 'more' });
          return item;
        },
        close,
      };
    },
    close,
  };
}

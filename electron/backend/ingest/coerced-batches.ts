import { TriadError } from '../../../shared/contract/errors.js';
import type { ColumnSpec } from '../db/column-types.js';
import { expectBufferTransfers } from '../threads/buffer-transfers.js';
import { batchCoercer, type CoercedBatch, type ImportedColumn, transferableColumns } from './coerce-batch.js';
import { type CoercingReaderSpec, type ImporterMessage, readerError } from './coercing-reader-protocol.js';
import type { CheckpointHelper } from './log-hand-off.js';
import { readerThreads } from './reader-threads.js';
import type { RecordBatch } from './record-source.js';

/** Batches of a file, typed for the table, in file order; null once the file is done. */
export interface CoercedBatches {
  /** The next batch; the one before it must be stored by then (its memory may hold a later batch). */
  next(): Promise<CoercedBatch | null>;
  close(): Promise<void>;
}

/** Reads and types batches on this thread, between the inserts. */
export function coercedInThisThread(
  batches: AsyncIterator<RecordBatch>,
  imported: readonly ImportedColumn[],
  nullTokens: ReadonlySet<string>,
): CoercedBatches {
  const coerceBatch = batchCoercer(imported, nullTokens);
  return {
    async next() {
      let next: IteratorResult<RecordBatch>;
      try {
        next = await batches.next();
      } catch (error) {
        throw readerError(error);
      }
      return next.done ? null : coerceBatch(next.value);
    },
    close: async () => {},
  };
}

/** A reader thread; it checkpoints the log of its spec's `checkpoints` database when asked, until it ends. */
export interface ReaderThread extends CheckpointHelper {
  /** The schema the thread inferred from the first batch it read (when its spec `infersSchema`). */
  inferredColumns(): Promise<ColumnSpec[]>;
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
  const arrived: (CoercedBatch | null | TriadError)[] = [];
  let wake: (() => void) | null = null;
  const deliver = (item: CoercedBatch | null | TriadError) => {
    arrived.push(item);
    wake?.();
    wake = null;
  };
  if (!readerThreads) throw new TriadError('internal', 'the file reader thread is not built');
  // Each batch's buffers go back to the reader, to be reused.
  expectBufferTransfers();
  let ended = false;
  let inferred!: (columns: ColumnSpec[]) => void;
  let notInferred!: (error: TriadError) => void;
  const inference = new Promise<ColumnSpec[]>((resolve, reject) => {
    inferred = resolve;
    notInferred = reject;
  });
  // Awaited only when the spec asks for inference.
  inference.catch(() => {});
  const fail = (error: TriadError) => {
    ended = true;
    notInferred(error);
    deliver(error);
  };
  const thread = readerThreads.start(
    { kind: 'read', spec },
    {
      message: (message) => {
        if (message.kind === 'inferred') inferred(message.columns);
        else if (message.kind === 'batch') deliver(message.batch);
        else if (message.kind === 'failed') fail(TriadError.fromBody(message.error));
        else {
          ended = true;
          thread.finish();
          deliver(null);
        }
      },
      failed: (error) => fail(readerError(error)),
    },
  );
  const post = (message: ImporterMessage, transfer?: ArrayBuffer[]) => thread.post(message, transfer);
  const close = async () => {
    thread.finish();
    await thread.terminate();
  };
  return {
    inferredColumns: () => inference,
    typeWith(imported) {
      post({ kind: 'columns', imported });
      let handedOut: CoercedBatch | null = null;
      return {
        async next() {
          if (handedOut) {
            const recycled = transferableColumns(handedOut);
            post({ kind: 'more', recycled }, recycled);
            handedOut = null;
          }
          while (arrived.length === 0) await new Promise<void>((resolve) => (wake = resolve));
          const item = arrived.shift() ?? null;
          if (item instanceof TriadError) throw item;
          handedOut = item;
          return item;
        },
        close,
      };
    },
    askToCheckpoint() {
      if (ended || !spec.checkpoints) return false;
      post({ kind: 'checkpoint' });
      return true;
    },
    get ahead() {
      return arrived.length > 0;
    },
    close,
  };
}

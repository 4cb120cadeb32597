import { parentPort, workerData } from 'node:worker_threads';
import { expectBufferTransfers } from '../threads/buffer-transfers.js';
import type { ImportedColumn } from './coerce-batch.js';
import { batchCoercer, transferableColumns } from './coerce-batch.js';
import {
  type CoercingReaderMessage,
  type CoercingReaderSpec,
  type ImporterMessage,
  READ_AHEAD,
  readerError,
} from './coercing-reader-protocol.js';
import type { logCheckpointer } from './log-checkpointer.js';
import { checkpointIfStillAsked, type HandOffWord } from './log-hand-off.js';
import { openRecordSource } from './open-source.js';
import type { RecordBatch } from './record-source.js';
import { recycleBuffers } from './recycled-buffers.js';
import { inferSchema } from './schema-inference.js';

/**
 * Reads a file and types its batches for the importer on the other thread, a few batches ahead of
 * it. A thread started ahead of an import is told what to read by its first message.
 */
const port = parentPort;
if (!port) throw new Error('coercing-reader-worker runs only as a worker thread');
// Each batch is transferred to the importer.
expectBufferTransfers();
let setSpec: (spec: CoercingReaderSpec) => void = () => {};
const specGiven = new Promise<CoercingReaderSpec>((resolve) => (setSpec = resolve));
if (workerData) setSpec((workerData as { spec: CoercingReaderSpec }).spec);
let credits = READ_AHEAD;
let waiting: (() => void) | null = null;
let setColumns: (imported: ImportedColumn[]) => void = () => {};
const columns = new Promise<ImportedColumn[]>((resolve) => (setColumns = resolve));
/**
 * The log's checkpoints this thread takes over from the importer. Their SQLite code loads when the
 * first is asked for (the importer takes that one back): not while the thread starts, which the
 * import waits on.
 */
let handOff: {
  word: HandOffWord;
  file: string;
  /** 'loading' from the first request until its code has loaded (forever, if it failed to). */
  checkpointer: ReturnType<typeof logCheckpointer> | 'loading' | null;
} | null = null;

function checkpointWhenAsked(): void {
  if (!handOff) return;
  if (handOff.checkpointer === null) {
    handOff.checkpointer = 'loading';
    import('./log-checkpointer.js').then(
      ({ logCheckpointer }) => {
        if (handOff) handOff.checkpointer = logCheckpointer(handOff.file);
      },
      // Without it, every checkpoint stays the importer's (each request it made is taken back).
      () => {},
    );
  } else if (handOff.checkpointer !== 'loading') checkpointIfStillAsked(handOff.word, handOff.checkpointer.checkpoint);
}
port.on('message', (message: ImporterMessage) => {
  if (message.kind === 'read') setSpec(message.spec);
  else if (message.kind === 'columns') setColumns(message.imported);
  else if (message.kind === 'checkpoint') checkpointWhenAsked();
  else {
    recycleBuffers(message.recycled);
    credits += 1;
    waiting?.();
    waiting = null;
  }
});
const post = (message: CoercingReaderMessage) =>
  port.postMessage(message, message.kind === 'batch' ? transferableColumns(message.batch) : []);

try {
  const spec = await specGiven;
  if (spec.checkpoints) handOff = { ...spec.checkpoints, checkpointer: null };
  const nullTokens = new Set(spec.nullTokens);
  const source = await openRecordSource(spec.file, spec.format, spec.csv);
  try {
    let inferring = spec.infersSchema;
    const postInferred = async (sample: RecordBatch | null) => {
      inferring = false;
      post({ kind: 'inferred', columns: inferSchema(await source.fields(), sample, nullTokens) });
    };
    let coerceBatch: ReturnType<typeof batchCoercer> | null = null;
    for await (const batch of source.batches(spec.batchRows, spec.share)) {
      if (inferring) await postInferred(batch);
      coerceBatch ??= batchCoercer(await columns, nullTokens);
      const coerced = coerceBatch(batch);
      while (credits === 0) await new Promise<void>((resolve) => (waiting = resolve));
      credits -= 1;
      post({ kind: 'batch', batch: coerced });
    }
    // A file without rows.
    if (inferring) await postInferred(null);
  } finally {
    await source.close();
  }
  post({ kind: 'end' });
} catch (error) {
  post({ kind: 'failed', error: readerError(error).toBody() });
}
if (handOff?.checkpointer && handOff.checkpointer !== 'loading') handOff.checkpointer.close();
handOff = null;
port.close();

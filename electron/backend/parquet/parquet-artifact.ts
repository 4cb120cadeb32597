import { type ErrorCode, TriadError } from '../../../shared/contract/errors.js';
import { type StoredArtifact, storeArtifact } from '../db/artifacts.js';
import type { ValueColumn } from '../ingest/value-columns.js';
import { compiledModuleUrl } from '../threads/compiled-module.js';
import { threadsStartedAhead } from '../threads/threads-started-ahead.js';
import { type ParquetColumn, writeParquet } from './parquet-file-writer.js';

export interface ParquetArtifactRequest {
  projectDir: string;
  /** The artifacts' folder it goes in (training-sets). */
  kind: string;
  columns: ParquetColumn[];
  values: ValueColumn[];
  rows: number;
}

export type ParquetArtifactReply =
  | { ok: true; artifact: StoredArtifact }
  | { ok: false; code: ErrorCode; message: string };

/** Writes the columns as Parquet and keeps the bytes as a content-addressed artifact. */
export function storeParquetArtifactHere(request: ParquetArtifactRequest): StoredArtifact {
  const bytes = writeParquet(request.columns, request.values, request.rows);
  return storeArtifact(request.projectDir, request.kind, 'parquet', bytes);
}

/** Below this many values, a thread's start costs more than writing them here. */
const MIN_VALUES_FOR_A_THREAD = 1_000_000;

let writers: ReturnType<typeof threadsStartedAhead<ParquetArtifactReply, ParquetArtifactRequest>> | null = null;

const writerThreads = () =>
  (writers ??= threadsStartedAhead<ParquetArtifactReply, ParquetArtifactRequest>(
    compiledModuleUrl('./parquet-artifact-thread.js', import.meta.url),
    'the Parquet writer',
  ));

/** Starts the writer's thread ahead, when an artifact of this many values will be written on it. */
export function prepareParquetWriter(values: number): void {
  if (values >= MIN_VALUES_FOR_A_THREAD) writerThreads().prepare(1);
}

/**
 * Writes the columns as a content-addressed Parquet artifact (the same bytes as
 * storeParquetArtifactHere) while the caller goes on: on a thread of its own when they hold a
 * million values or more (`onThread` decides otherwise), here before returning when fewer. Columns
 * of numbers in shared memory are read by the thread where they are; others are copied to it.
 */
export function storeParquetArtifact(
  request: ParquetArtifactRequest,
  onThread = request.rows * request.columns.length >= MIN_VALUES_FOR_A_THREAD,
): Promise<StoredArtifact> {
  if (!onThread) {
    try {
      return Promise.resolve(storeParquetArtifactHere(request));
    } catch (error) {
      return Promise.reject(error);
    }
  }
  return new Promise((resolve, reject) => {
    const thread = writerThreads().start(request, {
      message: (reply) => {
        thread.finish();
        if (reply.ok) resolve(reply.artifact);
        else reject(new TriadError(reply.code, reply.message));
      },
      failed: reject,
    });
  });
}

import type { ErrorBody } from '../../../shared/contract/errors.js';
import type { IngestProgress, IngestResult } from './ingest.js';

export type WorkerMessage =
  | { kind: 'progress'; progress: IngestProgress }
  | { kind: 'done'; result: IngestResult }
  | { kind: 'failed'; error: ErrorBody };

import { parentPort, workerData } from 'node:worker_threads';
import { TriadError } from '../../../shared/contract/errors.js';
import {
  type ParquetArtifactReply,
  type ParquetArtifactRequest,
  storeParquetArtifactHere,
} from './parquet-artifact.js';

// A thread started ahead of its work is told it by its first message.
const request =
  (workerData as ParquetArtifactRequest | null) ??
  (await new Promise<ParquetArtifactRequest>((resolve) => parentPort?.once('message', resolve)));

let reply: ParquetArtifactReply;
try {
  reply = { ok: true, artifact: storeParquetArtifactHere(request) };
} catch (error) {
  reply = {
    ok: false,
    code: error instanceof TriadError ? error.code : 'internal',
    message: error instanceof Error ? error.message : String(error),
  };
}
parentPort?.postMessage(reply);

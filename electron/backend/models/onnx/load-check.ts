import * as ort from 'onnxruntime-node';
import { TriadError } from '../../../../shared/contract/errors.js';

/** Loads a model in onnxruntime and lets it go: refuses, with onnxruntime's reason, a file it cannot run. */
export async function assertOnnxRuntimeLoads(bytes: Uint8Array, file: string): Promise<void> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes);
  } catch (error) {
    throw new TriadError('invalid_input', `onnxruntime cannot load ${file}: ${(error as Error).message}`);
  }
  await session.release();
}

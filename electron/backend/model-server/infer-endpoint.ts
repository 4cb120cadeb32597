import type * as ort from 'onnxruntime-node';
import { TriadError } from '../../../shared/contract/errors.js';
import type { ModelSignature } from '../../../shared/contract/schemas.js';
import { HttpError } from './http-error.js';
import type { LoadedModel } from './loaded-model.js';
import {
  type DecodedRequest,
  decodeInferRequest,
  encodeInferResponse,
  type InferResponseBody,
} from './protocol-infer.js';

/** The body of an answered infer request, and what the log keeps of it. */
export interface InferAnswer {
  body: InferResponseBody;
  rows: number;
  inputs: Record<string, ort.Tensor>;
  outputs: Record<string, ort.Tensor>;
}

function refuseUnknownInputs(signature: ModelSignature, request: DecodedRequest, model: LoadedModel): void {
  const expected = new Set(signature.inputs.map((input) => input.name));
  const unknown = Object.keys(request.feeds).filter((name) => !expected.has(name));
  if (unknown.length > 0)
    throw new HttpError(
      400,
      `model ${model.name} version ${model.version} has no input ${unknown.join(', ')} (its inputs: ${[...expected].join(', ')})`,
    );
  const missing = [...expected].filter((name) => !(name in request.feeds));
  if (missing.length > 0)
    throw new HttpError(
      400,
      `the request is missing input ${missing.join(', ')} of model ${model.name} version ${model.version}`,
    );
}

function rowsOf(feeds: Record<string, ort.Tensor>): number {
  const first = Object.values(feeds)[0];
  return first && first.dims.length > 0 ? Number(first.dims[0]) : 1;
}

/** An Open Inference Protocol v2 infer request, run on one loaded version. */
export async function answerInfer(
  model: LoadedModel,
  body: Buffer,
  headerLength: string | undefined,
): Promise<InferAnswer> {
  let request: DecodedRequest;
  try {
    request = decodeInferRequest(body, headerLength, model.served.signature);
  } catch (error) {
    if (error instanceof TriadError) throw new HttpError(400, error.message);
    throw error;
  }
  refuseUnknownInputs(model.served.signature, request, model);
  const outputs = await model.infer(request.feeds);
  return {
    body: encodeInferResponse(
      { model: model.name, version: model.version, id: request.id, parameters: request.responseParameters },
      outputs,
      request.outputRequests,
    ),
    rows: rowsOf(request.feeds),
    inputs: request.feeds,
    outputs,
  };
}

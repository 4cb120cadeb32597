import type * as ort from 'onnxruntime-node';
import { byTensorName } from '../models/onnx/by-tensor-name.js';
import { encodeInferenceResponse, type InferenceRequestBody, readInferenceBody } from './binary-extension.js';
import { HttpError, refusingBadInput } from './http-error.js';
import type { LoadedModel } from './loaded-model.js';
import { decodeInputTensor } from './tensor-codec.js';

/** The answer to an infer request, and what the log keeps of it. */
export interface InferAnswer {
  body: Buffer | string;
  headers: Record<string, string | number>;
  rows: number;
  inputs: Record<string, ort.Tensor>;
  outputs: Record<string, ort.Tensor>;
}

function describeModel(model: LoadedModel): string {
  return `model ${model.name} version ${model.version}`;
}

/** The request's inputs as tensors, each checked against the model's input of that name. */
function decodeFeeds(model: LoadedModel, request: InferenceRequestBody, binary: (Uint8Array | undefined)[]) {
  const { inputs } = model.served.signature;
  const feeds = byTensorName<ort.Tensor>();
  request.inputs.forEach((input, index) => {
    const signature = model.inputsByName.get(input.name);
    if (!signature)
      throw new HttpError(
        400,
        `${describeModel(model)} has no input "${input.name}" (its inputs: ${inputs.map((entry) => entry.name).join(', ')})`,
      );
    if (Object.hasOwn(feeds, input.name)) throw new HttpError(400, `input "${input.name}" is given twice`);
    feeds[input.name] = decodeInputTensor(input, signature, binary[index]);
  });
  const missing = inputs.filter((input) => !Object.hasOwn(feeds, input.name)).map((input) => input.name);
  if (missing.length > 0)
    throw new HttpError(400, `the request is missing input ${missing.join(', ')} of ${describeModel(model)}`);
  return feeds;
}

function checkRequestedOutputs(model: LoadedModel, request: InferenceRequestBody): void {
  if (request.outputs === undefined) return;
  const names = model.outputNames;
  const unknown = request.outputs.map((output) => output.name).filter((name) => !names.has(name));
  if (unknown.length > 0)
    throw new HttpError(
      400,
      `${describeModel(model)} has no output ${unknown.map((name) => `"${name}"`).join(', ')} (its outputs: ${[...names].join(', ')})`,
    );
}

function rowsOf(feeds: Record<string, ort.Tensor>): number {
  const first = Object.values(feeds)[0];
  return first && first.dims.length > 0 ? Number(first.dims[0]) : 1;
}

/** An Open Inference Protocol v2 infer request (JSON or with binary tensor data), run on one loaded version. */
export async function answerInfer(
  model: LoadedModel,
  body: Buffer,
  headerLength: string | string[] | undefined,
): Promise<InferAnswer> {
  const { request, feeds } = refusingBadInput(() => {
    const read = readInferenceBody(body, headerLength);
    checkRequestedOutputs(model, read.request);
    return { request: read.request, feeds: decodeFeeds(model, read.request, read.binary) };
  });
  const outputs = await model.infer(feeds);
  const chosen = request.outputs
    ? request.outputs.map((output) => ({ name: output.name, tensor: outputs[output.name] as ort.Tensor }))
    : Object.entries(outputs).map(([name, tensor]) => ({ name, tensor }));
  const encoded = refusingBadInput(() =>
    encodeInferenceResponse(
      {
        model_name: model.name,
        model_version: String(model.version),
        ...(typeof request.id === 'string' ? { id: request.id } : {}),
      },
      chosen,
      request,
    ),
  );
  return {
    body: encoded.body,
    headers: {
      'content-type': encoded.contentType,
      'content-length': Buffer.byteLength(encoded.body),
      ...(encoded.headerLength === null ? {} : { 'inference-header-content-length': encoded.headerLength }),
    },
    rows: rowsOf(feeds),
    inputs: feeds,
    outputs,
  };
}

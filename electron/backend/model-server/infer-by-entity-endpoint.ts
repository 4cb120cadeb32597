import type * as ort from 'onnxruntime-node';
import { TriadError } from '../../../shared/contract/errors.js';
import type { EntityKey, OnlineLookup } from '../../../shared/contract/schemas.js';
import { columnTensor } from '../models/onnx/batch-inference.js';
import { byTensorName } from '../models/onnx/by-tensor-name.js';
import type { EntityFeatures } from './entity-features.js';
import { isJsonObject, parseRequestJson } from './exact-json.js';
import { HttpError, refusingBadInput } from './http-error.js';
import type { LoadedModel } from './loaded-model.js';
import { encodeOutputTensor } from './tensor-codec.js';

const MAX_ENTITIES = 10_000;

function parseBody(body: Buffer): { entities: EntityKey[]; atMs: number; id: string | undefined } {
  const parsed = refusingBadInput(() => parseRequestJson(body.toString('utf8')));
  const request: Record<string, unknown> = isJsonObject(parsed) ? parsed : {};
  if (!Array.isArray(request.entities) || request.entities.length === 0)
    throw new HttpError(400, 'the body takes {"entities": [{"<join key>": value, ...}, ...]} with at least one entity');
  if (request.entities.length > MAX_ENTITIES)
    throw new HttpError(400, `at most ${MAX_ENTITIES} entities per call, not ${request.entities.length}`);
  request.entities.forEach((entity, index) => {
    if (!isJsonObject(entity)) throw new HttpError(400, `entities[${index}] is not an object of join keys`);
  });
  let atMs = Date.now();
  if (request.at !== undefined) {
    atMs = typeof request.at === 'number' ? request.at : Date.parse(String(request.at));
    if (!Number.isFinite(atMs))
      throw new HttpError(400, `"at" must be epoch milliseconds or an ISO time, not ${String(request.at)}`);
  }
  return {
    entities: request.entities as EntityKey[],
    atMs,
    id: typeof request.id === 'string' ? request.id : undefined,
  };
}

/** The value of a model input in a lookup: the feature of that name, or view__feature as training sets name clashes. */
function featureValue(lookup: OnlineLookup, input: string): unknown {
  const match = lookup.features.find(
    (feature) => feature.feature === input || `${feature.view}__${feature.feature}` === input,
  );
  return match ? match.value : undefined;
}

/**
 * The feature-enriched call: entity ids in; the model's feature service read from the online
 * store (each feature's status in the answer); the model run on those values.
 */
export async function answerInferByEntity(model: LoadedModel, body: Buffer, store: EntityFeatures) {
  const service = model.served.featureService;
  if (!service)
    throw new HttpError(
      400,
      `model ${model.name} version ${model.version} was not trained on a feature service, so it cannot be called by entity id: call /infer with its inputs`,
    );
  const { entities, atMs, id } = parseBody(body);
  let lookups: OnlineLookup[];
  try {
    lookups = store.lookup(service, entities, atMs);
  } catch (error) {
    if (error instanceof TriadError) throw new HttpError(error.code === 'not_found' ? 404 : 400, error.message);
    throw error;
  }
  const feeds = byTensorName<ort.Tensor>();
  const inputs = byTensorName<unknown[]>();
  for (const input of model.served.signature.inputs) {
    const values = lookups.map((lookup) => featureValue(lookup, input.name));
    if (values.every((value) => value === undefined))
      throw new HttpError(
        400,
        `feature service ${service} has no feature ${input.name}, which the model takes as input`,
      );
    const column = values.map((value) => value ?? null);
    inputs[input.name] = column;
    feeds[input.name] = refusingBadInput(() => columnTensor(input, column, input.name));
  }
  const outputs = await model.infer(feeds);
  return {
    body: {
      model_name: model.name,
      model_version: String(model.version),
      ...(id === undefined ? {} : { id }),
      outputs: Object.entries(outputs).map(([name, tensor]) => encodeOutputTensor(name, tensor)),
      entities: lookups,
    },
    log: { rows: entities.length, inputs, outputs, entities },
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { RequestTarget } from '../../../shared/http/request-target.js';
import { BodyTooLargeError, readRequestBody } from '../listeners/request-body.js';
import { bearerToken, refuseCrossOrigin, refuseForeignHost, refuseWrongToken } from '../listeners/request-guard.js';
import { createSafeListener, sendJson } from '../listeners/safe-listener.js';
import { EntityFeatures } from './entity-features.js';
import { serializeJson } from './exact-json.js';
import { HttpError } from './http-error.js';
import { answerInferByEntity } from './infer-by-entity-endpoint.js';
import { answerInfer } from './infer-endpoint.js';
import { answerInvocations } from './invocations-endpoint.js';
import { listenOrFallBack } from './listen.js';
import type { LoadedModel } from './loaded-model.js';
import { ModelCatalog } from './model-catalog.js';
import { modelMetadata } from './model-metadata.js';
import { PredictionLogger } from './prediction-logger.js';
import { predictionRecord } from './prediction-record.js';
import { ServerBusyError } from './request-batcher.js';
import type { HostToServer, ServerThreadOptions, ServerToHost } from './server-messages.js';
import { type Endpoint, ServerMetrics } from './server-metrics.js';
import { type ServingRoute, servingRoute } from './serving-paths.js';

interface Answered {
  status: number;
  model: LoadedModel;
  endpoint: Endpoint;
  started: number;
  log?: { rows: number; inputs: unknown; outputs: unknown; entities: unknown; error: string | null };
}

function main(): void {
  const port = parentPort;
  if (!port) return;
  const options = workerData as ServerThreadOptions;
  const post = (message: ServerToHost) => port.postMessage(message);
  const metrics = new ServerMetrics(options.rollupMs);
  const catalog = new ModelCatalog((generation, states) => post({ type: 'versions', generation, states }));
  const logger = new PredictionLogger(
    options.logFile,
    options.logging,
    () => metrics.takeRollups(),
    (message) => post({ type: 'problem', message }),
  );
  const entityFeatures = new EntityFeatures(options.databaseFile);
  let listeningPort = options.port;

  const finish = (answered: Answered) => {
    const micros = (performance.now() - answered.started) * 1000;
    const { model, endpoint, status } = answered;
    metrics.record(model.name, model.version, endpoint, status, micros);
    const now = Date.now();
    if (answered.log && logger.wants(model.name, now))
      logger.add(predictionRecord(now, model, endpoint, status, micros, answered.log));
  };

  const findModel = (name: string): LoadedModel => {
    const model = catalog.resolve(name);
    if (model) return model;
    const state = catalog.stateOf(name);
    if (state?.state === 'loading') throw new HttpError(503, `model ${name} is still loading`, { 'retry-after': '1' });
    if (state?.state === 'failed') throw new HttpError(503, `model ${name} failed to load: ${state.error}`);
    const served = catalog.names();
    throw new HttpError(
      404,
      `model "${name}" is not served here (${served.length === 0 ? 'nothing is deployed' : `served: ${served.join(', ')}`})`,
    );
  };

  const predict = async (
    route: Extract<ServingRoute, { kind: 'infer' | 'infer-by-entity' | 'invocations' }>,
    request: IncomingMessage,
    response: ServerResponse,
    started: number,
  ) => {
    const model = route.kind === 'invocations' ? findInvocationsModel(route.name) : findModel(route.name);
    const endpoint: Endpoint = route.kind === 'infer-by-entity' ? 'entities' : route.kind;
    let body: Buffer;
    try {
      body = await readRequestBody(
        request,
        options.maxBodyBytes,
        `the server's limit of ${options.maxBodyBytes} bytes`,
      );
    } catch (error) {
      const tooLarge = error instanceof BodyTooLargeError;
      finish({ status: tooLarge ? 413 : 400, model, endpoint, started });
      if (tooLarge) throw new HttpError(413, error.message, { connection: 'close' });
      throw error;
    }
    try {
      if (route.kind === 'infer') {
        const answer = await answerInfer(model, body, request.headers['inference-header-content-length']);
        response.writeHead(200, answer.headers);
        response.end(answer.body);
        finish({
          status: 200,
          model,
          endpoint,
          started,
          log: { rows: answer.rows, inputs: answer.inputs, outputs: answer.outputs, entities: null, error: null },
        });
      } else if (route.kind === 'invocations') {
        const answer = await answerInvocations(model, body);
        sendJson(response, 200, answer.body);
        finish({ status: 200, model, endpoint, started, log: { ...answer.log, entities: null, error: null } });
      } else {
        const answer = await answerInferByEntity(model, body, entityFeatures);
        const text = serializeJson(answer.body);
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        response.end(text);
        finish({ status: 200, model, endpoint, started, log: { ...answer.log, error: null } });
      }
    } catch (error) {
      const status = error instanceof HttpError ? error.status : error instanceof ServerBusyError ? 503 : 400;
      finish({
        status,
        model,
        endpoint,
        started,
        log: { rows: 0, inputs: null, outputs: null, entities: null, error: (error as Error).message },
      });
      if (error instanceof ServerBusyError) throw new HttpError(503, error.message, { 'retry-after': '1' });
      if (error instanceof HttpError) throw error;
      throw new HttpError(400, `the model could not run on this input: ${(error as Error).message}`);
    }
  };

  const findInvocationsModel = (name: string | null): LoadedModel => {
    if (name !== null) return findModel(name);
    const models = catalog.models();
    if (models.length === 1) return models[0] as LoadedModel;
    throw new HttpError(
      400,
      models.length === 0
        ? 'nothing is deployed: deploy a model first'
        : `more than one model is served (${catalog.names().join(', ')}): post to /models/NAME/invocations`,
    );
  };

  const handle = async (request: IncomingMessage, response: ServerResponse, target: RequestTarget) => {
    const started = performance.now();
    const refusal =
      refuseCrossOrigin(request, target) ??
      (options.token
        ? refuseWrongToken(bearerToken(request), options.token, 'send it as "Authorization: Bearer <token>"')
        : refuseForeignHost(request, target, options.host, listeningPort));
    if (refusal) {
      sendJson(response, refusal.status, { error: refusal.message }, refusal.headers);
      return;
    }
    const route = servingRoute(request.method ?? 'GET', target.segments);
    try {
      switch (route.kind) {
        case 'live':
          return sendJson(response, 200, { live: true });
        case 'ready': {
          const loading = catalog.names().filter((name) => catalog.stateOf(name)?.state === 'loading');
          if (loading.length > 0)
            return sendJson(response, 400, { ready: false, error: `still loading ${loading.join(', ')}` });
          return sendJson(response, 200, { ready: true });
        }
        case 'ping':
          return sendJson(response, 200, { status: 'ok' });
        case 'server-metadata':
          return sendJson(response, 200, {
            name: 'triad',
            version: options.appVersion,
            extensions: ['binary_tensor_data'],
          });
        case 'metrics': {
          const text = metrics.prometheus({
            loaded: catalog.models().map((model) => ({
              model: model.name,
              version: model.version,
              inFlight: model.batcher.pending,
            })),
            logDropped: logger.dropped,
          });
          response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
          response.end(text);
          return;
        }
        case 'model-metadata':
          return sendJson(response, 200, modelMetadata(findModel(route.name)));
        case 'model-ready': {
          const model = findModel(route.name);
          return sendJson(response, 200, { name: model.name, version: String(model.version), ready: true });
        }
        case 'infer':
        case 'infer-by-entity':
        case 'invocations':
          return await predict(route, request, response, started);
        case 'none':
          return sendJson(response, 404, { error: route.message });
      }
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (response.headersSent) response.destroy();
      else sendJson(response, error.status, { error: error.message }, error.headers);
    }
  };

  const server = createSafeListener({
    errorBody: (message) => ({ error: message }),
    handle,
    onHandlerError: (error) =>
      post({ type: 'problem', message: `the model server failed to answer: ${String(error)}` }),
  });
  server.keepAliveTimeout = 65_000;

  const batchTimer = setInterval(() => {
    for (const model of catalog.models())
      metrics.recordBatches(model.name, model.version, model.batcher.takeBatchSizes());
  }, 1000);
  batchTimer.unref();

  port.on('message', (message: HostToServer) => {
    if (message.type === 'serve') {
      catalog
        .apply(message.versions, message.routes, message.generation)
        .catch((error: Error) => post({ type: 'problem', message: error.message }));
    } else if (message.type === 'logging') {
      logger.updateSettings(message.settings);
    } else {
      clearInterval(batchTimer);
      server.closeAllConnections();
      server.close();
      void Promise.all([catalog.releaseAll(), logger.close(metrics.takeRollups(Date.now(), true))]).finally(() => {
        entityFeatures.close();
        post({ type: 'stopped' });
        port.close();
      });
    }
  });

  listenOrFallBack(server, options).then(
    ({ address, note }) => {
      listeningPort = (address as AddressInfo).port;
      post({ type: 'listening', port: listeningPort, note, runtimeVersion: ort.env.versions.node ?? 'unknown' });
    },
    (error: Error) => {
      post({ type: 'problem', message: error.message });
      process.exit(1);
    },
  );
}

main();

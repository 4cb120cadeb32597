import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './json-response.js';

export interface ServerMetadata {
  name: string;
  version: string;
  extensions: string[];
}

const MODEL_PATH = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(\/ready|\/infer)?$/;

/**
 * Open Inference Protocol v2 routes. No model is deployed yet, so every model route answers
 * 404 with the protocol's error body.
 */
export function handleInferenceRequest(
  request: IncomingMessage,
  response: ServerResponse,
  metadata: ServerMetadata,
): void {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const model = MODEL_PATH.exec(path);
  if (request.method === 'GET' && path === '/v2/health/live') sendJson(response, 200, { live: true });
  else if (request.method === 'GET' && path === '/v2/health/ready') sendJson(response, 200, { ready: true });
  else if (request.method === 'GET' && (path === '/v2' || path === '/v2/')) sendJson(response, 200, metadata);
  else if (model) {
    sendJson(response, 404, { error: `model "${decodeURIComponent(model[1] ?? '')}" is not deployed on this server` });
  } else sendJson(response, 404, { error: `no route for ${request.method} ${path}` });
}

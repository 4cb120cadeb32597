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
  if (request.method === 'GET' && path === '/v2/health/live') return sendJson(response, 200, { live: true });
  if (request.method === 'GET' && path === '/v2/health/ready') return sendJson(response, 200, { ready: true });
  if (request.method === 'GET' && (path === '/v2' || path === '/v2/')) return sendJson(response, 200, metadata);
  const model = MODEL_PATH.exec(path);
  if (model) {
    const name = decodeURIComponent(model[1] ?? '');
    return sendJson(response, 404, { error: `model "${name}" is not deployed on this server` });
  }
  sendJson(response, 404, { error: `no route for ${request.method} ${path}` });
}

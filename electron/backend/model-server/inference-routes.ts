import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestTarget } from '../../../shared/http/request-target.js';
import { sendJson } from '../listeners/safe-listener.js';

export interface ServerMetadata {
  name: string;
  version: string;
  extensions: string[];
}

const MODEL_ACTIONS = new Set(['ready', 'infer']);

/** The model a `/v2/models/{m}[/versions/{v}][/ready|/infer]` path names, else null. */
function modelNamed(segments: string[]): string | null {
  const [root, area, model, ...rest] = segments;
  if (root !== 'v2' || area !== 'models' || !model) return null;
  const action = rest[0] === 'versions' && rest[1] ? rest.slice(2) : rest;
  return action.length === 0 || (action.length === 1 && MODEL_ACTIONS.has(action[0] ?? '')) ? model : null;
}

/**
 * Open Inference Protocol v2 routes. No model is deployed yet, so every model route answers
 * 404 with the protocol's error body.
 */
export function handleInferenceRequest(
  request: IncomingMessage,
  response: ServerResponse,
  { path, segments }: RequestTarget,
  metadata: ServerMetadata,
): void {
  const model = modelNamed(segments);
  if (request.method === 'GET' && path === '/v2/health/live') sendJson(response, 200, { live: true });
  else if (request.method === 'GET' && path === '/v2/health/ready') sendJson(response, 200, { ready: true });
  else if (request.method === 'GET' && (path === '/v2' || path === '/v2/')) sendJson(response, 200, metadata);
  else if (model !== null) {
    sendJson(response, 404, { error: `model "${model}" is not deployed on this server` });
  } else sendJson(response, 404, { error: `no route for ${request.method} ${path}` });
}

import type { IncomingMessage } from 'node:http';
import { API_UPLOADS_PATH } from '../../../shared/client/http-paths.js';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Web mode binds to loopback, but any page in the user's browser can still aim requests at it.
 * Accept only requests addressed to this server by a loopback name (defeats DNS rebinding) and,
 * for calls, only from its own origin with a JSON body (defeats cross-site form posts).
 */
export function rejectUntrustedRequest(request: IncomingMessage, boundHost: string, port: number): string | null {
  const host = request.headers.host ?? '';
  const allowedHosts = new Set([...LOOPBACK_NAMES, boundHost].map((name) => `${name}:${port}`));
  if (!allowedHosts.has(host)) return `requests must be addressed to this server on loopback, not to "${host}"`;
  if (request.method !== 'POST') return null;
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return `calls from origin ${origin} are not allowed`;
  const type = request.headers['content-type'] ?? '';
  const expected =
    new URL(request.url ?? '/', 'http://localhost').pathname === API_UPLOADS_PATH
      ? 'application/octet-stream'
      : 'application/json';
  // Neither type can be sent cross-site without a CORS preflight, which this server never grants.
  if (!type.startsWith(expected)) return `this request must send content-type: ${expected}`;
  return null;
}

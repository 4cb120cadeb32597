import type { IncomingMessage } from 'node:http';
import { API_UPLOADS_PATH } from '../../../shared/client/http-paths.js';
import type { RequestTarget } from '../../../shared/http/request-target.js';
import { type Refusal, refuseCrossOrigin, refuseForeignHost } from '../listeners/request-guard.js';
import { refuseWithoutWebToken } from './web-access.js';

export interface WebAccess {
  boundHost: string;
  port: number;
  /** Required of every request when set (always, beyond loopback); otherwise the Host header guards. */
  token: string | null;
}

/**
 * Any page in the user's browser can aim requests at web mode. Without a token (loopback only),
 * accept only requests addressed by a loopback name (defeats DNS rebinding); with one, only those
 * that carry it. Calls must come from the server's own origin with a JSON body (defeats cross-site
 * form posts).
 */
export function rejectUntrustedRequest(
  request: IncomingMessage,
  target: RequestTarget,
  { boundHost, port, token }: WebAccess,
): Refusal | null {
  const refusal = token
    ? refuseWithoutWebToken(request, token, port)
    : refuseForeignHost(request, target, boundHost, port);
  if (refusal || request.method !== 'POST') return refusal;
  const crossOrigin = refuseCrossOrigin(request, target);
  if (crossOrigin) return crossOrigin;
  const type = request.headers['content-type'] ?? '';
  const expected = target.path === API_UPLOADS_PATH ? 'application/octet-stream' : 'application/json';
  // Neither type can be sent cross-site without a CORS preflight, which this server never grants.
  if (!type.startsWith(expected)) return { status: 403, message: `this request must send content-type: ${expected}` };
  return null;
}

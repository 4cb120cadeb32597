import type { IncomingMessage } from 'node:http';
import type { RequestTarget } from '../../../shared/http/request-target.js';
import { tokensMatch } from './access-token.js';

export interface Refusal {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** The host a request is addressed to: an absolute-form target's own, else its Host header. */
function addressedHost(request: IncomingMessage, target: RequestTarget): string | undefined {
  return target.authority ?? request.headers.host;
}

/**
 * DNS-rebinding guard for a loopback listener: any page in the user's browser can aim requests at
 * it, but only under a name that resolves to loopback, so accept only loopback names and the
 * address it is bound to.
 */
export function refuseForeignHost(
  request: IncomingMessage,
  target: RequestTarget,
  boundHost: string,
  port: number,
): Refusal | null {
  const host = addressedHost(request, target);
  if (host === undefined) return { status: 400, message: 'the request has no Host header' };
  const bound = boundHost.includes(':') ? `[${boundHost}]` : boundHost;
  const addressed = host.toLowerCase();
  const colon = addressed.lastIndexOf(':');
  const name = addressed.slice(0, colon);
  if (colon < 0 || addressed.slice(colon + 1) !== String(port) || (name !== bound && !LOOPBACK_NAMES.includes(name))) {
    return { status: 403, message: `requests must be addressed to this server on loopback, not to "${host}"` };
  }
  return null;
}

/** A request that a page of another origin made from the user's browser (browsers send these headers). */
export function refuseCrossOrigin(request: IncomingMessage, target: RequestTarget): Refusal | null {
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  if (origin !== undefined && origin !== `http://${addressedHost(request, target)}`) {
    return { status: 403, message: `requests from the web page at ${origin} are not allowed` };
  }
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { status: 403, message: `requests from other web pages (${site}) are not allowed` };
  }
  return null;
}

/** The token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(request: IncomingMessage): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.authorization ?? '');
  return match?.[1] ?? null;
}

export function refuseWrongToken(given: string | null, token: string, howToSend: string): Refusal | null {
  if (given !== null && tokensMatch(given, token)) return null;
  return {
    status: 401,
    message: `${given === null ? 'this server needs its access token' : 'the access token is wrong'}: ${howToSend}`,
    headers: { 'www-authenticate': 'Bearer realm="triad"' },
  };
}

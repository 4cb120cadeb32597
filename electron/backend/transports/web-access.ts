import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestTarget } from '../../../shared/http/request-target.js';
import { tokensMatch } from '../listeners/access-token.js';
import { bearerToken, type Refusal, refuseWrongToken } from '../listeners/request-guard.js';

/**
 * Web mode beyond loopback: the browser gets the token once, in the link `triad serve` prints,
 * and keeps it in a cookie that its calls and event stream then carry on their own.
 */

export const TOKEN_PARAMETER = 'token';
const HOW_TO_SEND = `open the address triad serve printed (it ends in ?${TOKEN_PARAMETER}=…), or send "Authorization: Bearer <token>"`;

/** Cookies are shared by every port of a host: one name per port keeps two servers apart. */
function cookieName(port: number): string {
  return `triad_token_${port}`;
}

function cookieValue(request: IncomingMessage, name: string): string | null {
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const equals = pair.indexOf('=');
    if (equals > 0 && pair.slice(0, equals).trim() === name) return pair.slice(equals + 1).trim();
  }
  return null;
}

export function refuseWithoutWebToken(request: IncomingMessage, token: string, port: number): Refusal | null {
  return refuseWrongToken(bearerToken(request) ?? cookieValue(request, cookieName(port)), token, HOW_TO_SEND);
}

/**
 * Answers a page load that brings the token in its address: the token moves into a cookie and the
 * browser is sent to the same address without it, so it stays out of the page and its history.
 * Returns false when the request carries no such token.
 */
export function acceptTokenLink(
  request: IncomingMessage,
  response: ServerResponse,
  target: RequestTarget,
  token: string,
  port: number,
): boolean {
  const given = target.query.get(TOKEN_PARAMETER);
  if (request.method !== 'GET' || given === undefined || !tokensMatch(given, token)) return false;
  const rest = new URLSearchParams([...target.query].filter(([name]) => name !== TOKEN_PARAMETER)).toString();
  response.writeHead(303, {
    location: `${encodeURI(target.path)}${rest ? `?${rest}` : ''}`,
    'set-cookie': `${cookieName(port)}=${given}; Path=/; HttpOnly; SameSite=Lax`,
    'cache-control': 'no-store',
    'content-length': 0,
  });
  response.end();
  return true;
}

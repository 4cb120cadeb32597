import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** A fresh token to hand the user when a listener is reachable from other machines. */
export function generateAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

const TOKEN_SHAPE = /^[A-Za-z0-9\-._~+/]{16,}=*$/;

/** A token the user chose must fit in an Authorization header and a cookie, and not be guessable by its length. */
export function checkAccessToken(token: string): string {
  if (!TOKEN_SHAPE.test(token)) {
    throw new Error(
      'an access token needs at least 16 characters, only letters, digits and - . _ ~ + / (= at the end)',
    );
  }
  return token;
}

/** Compares in constant time, whatever the lengths: hashing first makes both sides the same size. */
export function tokensMatch(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Whether an address to listen on is reachable only from this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
}

/** A listener reachable from other machines must have a token to ask for. */
export function assertAccessTokenForHost(host: string, token: string | null): void {
  if (token === null && !isLoopbackHost(host)) {
    throw new Error(`listening on ${host} makes the server reachable from other machines: it needs an access token`);
  }
}

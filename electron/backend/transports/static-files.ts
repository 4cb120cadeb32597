import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { RENDERER_CSP } from '../../../shared/security/content-security-policy.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export const SECURITY_HEADERS = {
  'content-security-policy': RENDERER_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** Resolves a URL path inside root, or null when it would step outside it. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const candidate = normalize(join(root, decoded));
  return candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep) ? candidate : null;
}

/** Serves the built renderer; unknown paths get index.html so the app's own navigation works. */
export function serveStatic(root: string, urlPath: string, response: ServerResponse): void {
  const resolved = resolveStaticPath(root, urlPath);
  if (!resolved) {
    response.writeHead(400, { 'content-type': 'text/plain' }).end('bad path');
    return;
  }
  const file = statSync(resolved, { throwIfNoEntry: false })?.isFile() ? resolved : join(root, 'index.html');
  const fileStats = statSync(file, { throwIfNoEntry: false });
  if (!fileStats?.isFile()) {
    response
      .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      .end('The app has not been built: run `npm run build`, then start `triad serve` again.');
    return;
  }
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': fileStats.size,
    'cache-control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600',
  });
  createReadStream(file).pipe(response);
}

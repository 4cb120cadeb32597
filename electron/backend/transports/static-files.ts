import { createReadStream, type Stats, statSync } from 'node:fs';
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

/** Resolves a decoded request path inside root, or null when it would step outside it. */
export function resolveStaticPath(root: string, path: string): string | null {
  const candidate = normalize(join(root, path));
  return candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep) ? candidate : null;
}

/** A name too long for the file system is as absent as one that does not exist. */
function fileStatsOf(path: string): Stats | null {
  try {
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats?.isFile() ? stats : null;
  } catch {
    return null;
  }
}

/** Serves a file of the built renderer; unknown files get index.html so the app's own navigation works. */
export function serveStatic(root: string, resolved: string, response: ServerResponse): void {
  const file = fileStatsOf(resolved) ? resolved : join(root, 'index.html');
  const fileStats = fileStatsOf(file);
  if (!fileStats) {
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
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

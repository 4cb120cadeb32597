import { createReadStream, type Stats, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { contentTypeOf } from '../../../shared/http/static-path.js';
import { RENDERER_CSP } from '../../../shared/security/content-security-policy.js';

export const SECURITY_HEADERS = {
  'content-security-policy': RENDERER_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

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
    'content-type': contentTypeOf(file),
    'content-length': fileStats.size,
    'cache-control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600',
  });
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

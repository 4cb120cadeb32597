import { extname, join, normalize, sep } from 'node:path';
import { parseRequestTarget } from '../../shared/http/request-target.js';
import { APP_HOST } from './trusted-sender.js';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/** What to answer an app:// request with: a file of the renderer, or a refusal. */
export type AppRequestDecision =
  | { kind: 'file'; path: string; file: string; contentType: string }
  | { kind: 'refusal'; status: number; message: string };

/** Decides, without touching the disk, which renderer file an app:// URL names; never throws. */
export function decideAppRequest(url: string, rendererDir: string): AppRequestDecision {
  const root = normalize(rendererDir + sep);
  const parsed = parseRequestTarget(url);
  if (!parsed.ok) return { kind: 'refusal', status: 400, message: parsed.message };
  const { authority, path } = parsed.target;
  if (authority !== APP_HOST) return { kind: 'refusal', status: 404, message: `unknown host ${authority ?? ''}` };
  const file = normalize(join(root, path === '/' ? '/index.html' : path));
  if (!file.startsWith(root)) return { kind: 'refusal', status: 403, message: `${path} is outside the app's folder` };
  return { kind: 'file', path, file, contentType: MIME_TYPES[extname(file)] ?? 'application/octet-stream' };
}

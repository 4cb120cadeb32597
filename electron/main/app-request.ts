import { join } from 'node:path';
import { parseRequestTarget } from '../../shared/http/request-target.js';
import { contentTypeOf, staticPathOf } from '../../shared/http/static-path.js';
import { APP_HOST } from './trusted-sender.js';

/** What to answer an app:// request with: a file of the renderer, or a refusal. */
export type AppRequestDecision =
  | { kind: 'file'; path: string; file: string; contentType: string }
  | { kind: 'refusal'; status: number; message: string };

/** Decides, without touching the disk, which renderer file an app:// URL names; never throws. */
export function decideAppRequest(url: string, rendererDir: string): AppRequestDecision {
  const parsed = parseRequestTarget(url);
  if (!parsed.ok) return { kind: 'refusal', status: 400, message: parsed.message };
  const { authority, path, segments } = parsed.target;
  if (authority !== APP_HOST) return { kind: 'refusal', status: 404, message: `unknown host ${authority ?? ''}` };
  const inside = staticPathOf(segments);
  if (!inside.ok) return { kind: 'refusal', status: 403, message: inside.message };
  const file = join(rendererDir, inside.relative);
  return { kind: 'file', path, file, contentType: contentTypeOf(file) };
}

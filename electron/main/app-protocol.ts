import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { RENDERER_CSP } from '../../shared/security/content-security-policy.js';
import { decideAppRequest } from './app-request.js';
import { APP_SCHEME } from './trusted-sender.js';

/** Must run before the app is ready: app:// behaves like a secure, standard origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

function jsonError(status: number, message: string): Response {
  return new Response(JSON.stringify({ error: message }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff' },
  });
}

/** Serves the built renderer from app://triad/, and nothing outside its folder. */
export function serveRendererOverAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const decision = decideAppRequest(request.url, rendererDir);
    if (decision.kind === 'refusal') return jsonError(decision.status, decision.message);
    try {
      const body = await readFile(decision.file);
      return new Response(body, {
        headers: {
          'content-type': decision.contentType,
          'content-security-policy': RENDERER_CSP,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return jsonError(404, `${decision.path} is not part of the app`);
    }
  });
}

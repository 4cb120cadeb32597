import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { API_EVENTS_PATH, API_INVOKE_PREFIX, API_UPLOADS_PATH } from '../../../shared/client/http-paths.js';
import type { ErrorCode } from '../../../shared/contract/errors.js';
import { isFinalJobState } from '../../../shared/contract/jobs.js';
import { isMethodName } from '../../../shared/contract/methods.js';
import type { Reply } from '../../../shared/contract/wire.js';
import type { RequestTarget } from '../../../shared/http/request-target.js';
import { staticPathOf } from '../../../shared/http/static-path.js';
import type { Backend } from '../backend.js';
import { errorBody } from '../error-body.js';
import { assertAccessTokenForHost } from '../listeners/access-token.js';
import { BodyTooLargeError, readRequestBody } from '../listeners/request-body.js';
import { createSafeListener, sendJson } from '../listeners/safe-listener.js';
import { rejectUntrustedRequest } from './http-guard.js';
import { SECURITY_HEADERS, serveStatic } from './static-files.js';
import {
  DEFAULT_MAX_UPLOAD_MB,
  DEFAULT_UPLOAD_KEEP_MS,
  type UploadLimits,
  UploadStore,
  UploadTooLargeError,
} from './uploads.js';
import { acceptTokenLink } from './web-access.js';

const MAX_BODY_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  unknown_method: 404,
  invalid_input: 400,
  not_found: 404,
  not_a_project: 422,
  newer_schema: 422,
  already_exists: 409,
  unavailable: 503,
  cancelled: 409,
};

export interface WebServerOptions {
  backend: Backend;
  staticDir: string;
  /** Where uploaded files wait to be imported. */
  uploadsDir: string;
  uploadLimits?: Partial<UploadLimits>;
  host: string;
  port: number;
  /** Required of every request when set; a host other than loopback needs one. */
  token?: string | null;
}

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

function sendReply(
  response: ServerResponse,
  reply: Reply,
  status = reply.ok ? 200 : (STATUS_BY_CODE[reply.error.code] ?? 500),
  headers: Record<string, string> = {},
): void {
  sendJson(response, status, reply, headers);
}

/** Web mode's refusals keep the contract's reply envelope, which its client reads. */
function refusalReply(message: string, status: number): Reply {
  const code: ErrorCode =
    status >= 500 ? 'internal' : status === 401 || status === 403 ? 'unavailable' : 'invalid_input';
  return { ok: false, error: { code, message } };
}

/** An import of an upload is recorded under the user's file name, not the server's copy of it. */
function namingUpload(uploads: UploadStore, input: unknown): unknown {
  const path = (input as { path?: unknown } | null)?.path;
  const sourceName = typeof path === 'string' ? uploads.sourceName(path) : null;
  return sourceName ? { ...(input as object), sourceName } : input;
}

async function handleInvoke(
  backend: Backend,
  uploads: UploadStore,
  method: string,
  request: IncomingMessage,
  response: ServerResponse,
) {
  if (!isMethodName(method)) {
    request.resume();
    sendReply(response, await backend.invoke(method, {}));
    return;
  }
  let input: unknown;
  try {
    const text = (
      await readRequestBody(request, MAX_BODY_BYTES, `the ${MAX_BODY_BYTES / 1024 / 1024} MB limit`)
    ).toString('utf8');
    input = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    const tooLarge = error instanceof BodyTooLargeError;
    const message = tooLarge
      ? `${method}: ${error.message}`
      : `${method}: the request body is not valid JSON (${(error as Error).message})`;
    sendReply(response, { ok: false, error: { code: 'invalid_input', message } }, tooLarge ? 413 : 400);
    return;
  }
  const reply = await backend.invoke(method, method === 'imports.start' ? namingUpload(uploads, input) : input);
  if (method === 'imports.start' && reply.ok) {
    uploads.claim((reply.result as { jobId: string }).jobId, (input as { path: string }).path);
  }
  sendReply(response, reply);
}

function handleEvents(backend: Backend, request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  response.write(': connected\n\n');
  const unsubscribe = backend.subscribe((event) => response.write(`data: ${JSON.stringify(event)}\n\n`));
  const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
  request.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}

async function handleUpload(
  uploads: UploadStore,
  target: RequestTarget,
  request: IncomingMessage,
  response: ServerResponse,
) {
  try {
    const path = await uploads.receive(request, target.query.get('name') ?? '');
    sendReply(response, { ok: true, result: { path } });
  } catch (error) {
    // What is left of an oversized body is not worth reading: close the connection instead.
    if (error instanceof UploadTooLargeError)
      sendReply(response, refusalReply(error.message, 413), 413, { connection: 'close' });
    else sendReply(response, { ok: false, error: errorBody(error) });
  }
}

/** Web mode: the contract over HTTP (calls) and Server-Sent Events (pushes), plus the built renderer. */
export async function startWebServer({
  backend,
  staticDir,
  uploadsDir,
  uploadLimits,
  host,
  port,
  token = null,
}: WebServerOptions): Promise<WebServer> {
  assertAccessTokenForHost(host, token);
  const uploads = new UploadStore(uploadsDir, {
    maxBytes: DEFAULT_MAX_UPLOAD_MB * 1024 * 1024,
    keepMs: DEFAULT_UPLOAD_KEEP_MS,
    ...uploadLimits,
  });
  const stopReleasingUploads = backend.subscribe((event) => {
    if (event.name === 'jobs.changed' && isFinalJobState(event.payload.state)) uploads.release(event.payload.id);
  });
  let boundPort = port;
  const refuse = (response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) =>
    sendReply(response, refusalReply(message, status), status, headers);

  const server = createSafeListener({
    errorBody: refusalReply,
    onHandlerError: (error) => console.error(`web mode failed to answer a request: ${String(error)}`),
    handle(request, response, target) {
      if (token && acceptTokenLink(request, response, target, token, boundPort)) return;
      const refusal = rejectUntrustedRequest(request, target, { boundHost: host, port: boundPort, token });
      if (refusal) return refuse(response, refusal.status, refusal.message, refusal.headers);
      const { path } = target;
      if (path.startsWith(API_INVOKE_PREFIX)) {
        if (request.method !== 'POST') return refuse(response, 405, `${path} takes POST`, { allow: 'POST' });
        return handleInvoke(backend, uploads, path.slice(API_INVOKE_PREFIX.length), request, response);
      }
      if (path === API_EVENTS_PATH && request.method === 'GET') return handleEvents(backend, request, response);
      if (path === API_UPLOADS_PATH && request.method === 'POST')
        return handleUpload(uploads, target, request, response);
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return refuse(response, 405, `${path} takes GET or HEAD`, { allow: 'GET, HEAD', ...SECURITY_HEADERS });
      }
      const inside = staticPathOf(target.segments);
      if (!inside.ok) return refuse(response, 400, inside.message);
      serveStatic(staticDir, join(staticDir, inside.relative), response);
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} on ${host} is already in use: choose another with --port`)
          : error,
      ),
    );
    server.listen(port, host, () => resolve());
  }).catch((error: unknown) => {
    stopReleasingUploads();
    uploads.close();
    throw error;
  });
  boundPort = (server.address() as AddressInfo).port;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        stopReleasingUploads();
        uploads.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
